"""Subgraph answers the pipeline cannot pass on as they are: errors name the subgraph."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from gateway.execution import SUBREQUEST_OPERATION_REJECTED, SubgraphRequest
from gateway.pipeline import RequestPipeline
from gateway.request import GraphQLRequest
from gateway.shaping import RESPONSE_VALIDATION_FAILED
from tests.support.answers import status_of

from .standins import CountingPlanner, FakeSupergraph, RecordingFetch


def pipeline_answering(data: dict[str, Any]) -> RequestPipeline:
    return RequestPipeline(FakeSupergraph(), CountingPlanner(), RecordingFetch(data))


async def test_a_value_of_the_wrong_type_is_null_with_an_error_naming_the_subgraph() -> None:
    pipeline = pipeline_answering({"me": {"id": "1", "name": 5, "nick": "a"}})
    answer = await pipeline.execute(GraphQLRequest(query="{ me { id name nick } }"))
    assert status_of(answer) == 200
    assert answer.body == {
        "data": {"me": None},
        "errors": [
            {
                "message": "Subgraph 'accounts' returned an invalid value for User.name: "
                "expected String!, got an integer.",
                "path": ["me", "name"],
                "extensions": {"code": RESPONSE_VALIDATION_FAILED, "serviceName": "accounts"},
            }
        ],
    }


async def test_an_object_answered_with_a_string_is_null_with_an_error() -> None:
    pipeline = pipeline_answering({"me": "oops"})
    answer = await pipeline.execute(GraphQLRequest(query="{ me { id } }"))
    assert answer.body["data"] == {"me": None}
    [error] = answer.body["errors"]
    assert error["path"] == ["me"]
    assert error["extensions"] == {"code": RESPONSE_VALIDATION_FAILED, "serviceName": "accounts"}


class Refusing:
    async def __call__(self, request: SubgraphRequest) -> Any:
        message = 'The directive "@skip" can only be used once at this location.'
        return {
            "data": None,
            "errors": [{"message": message, "locations": [{"line": 1, "column": 9}]}],
        }


async def test_a_refused_operation_is_a_gateway_error_logged_with_the_plan(
    caplog: pytest.LogCaptureFixture,
) -> None:
    pipeline = RequestPipeline(FakeSupergraph(), CountingPlanner(), Refusing())
    with caplog.at_level(logging.ERROR, logger="gateway.execution.executor"):
        answer = await pipeline.execute(GraphQLRequest(query="{ me { id } }"))
    assert status_of(answer) == 200
    assert answer.body["data"] == {"me": None}
    [error] = answer.body["errors"]
    assert error["path"] == ["me"]
    assert error["extensions"] == {"code": SUBREQUEST_OPERATION_REJECTED, "serviceName": "accounts"}
    assert "@skip" not in error["message"]
    [record] = caplog.records
    assert record.levelno == logging.ERROR
    assert "@skip" in record.getMessage()
    assert 'QueryPlan {\n  Fetch(service: "accounts")' in record.getMessage()
