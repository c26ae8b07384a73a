"""Document size and token limits through the pipeline: 400 with the limit's code, no fetch."""

from __future__ import annotations

from gateway.config import LimitsConfig
from gateway.pipeline import RequestPipeline
from gateway.request import GraphQLRequest
from tests.support.answers import status_of

from .standins import CountingPlanner, FakeSupergraph, RecordingFetch


def make() -> tuple[RequestPipeline, CountingPlanner, RecordingFetch]:
    planner = CountingPlanner()
    fetch = RecordingFetch({"me": {"name": "Ada"}})
    return RequestPipeline(FakeSupergraph(), planner, fetch), planner, fetch


async def test_a_document_over_the_default_token_limit_is_refused_with_its_code() -> None:
    pipeline, planner, fetch = make()
    limit = LimitsConfig().max_tokens
    query = "#\n" * limit + "{ me { name } }"
    answer = await pipeline.execute(GraphQLRequest(query=query))
    assert status_of(answer) == 400
    [error] = answer.body["errors"]
    assert error["extensions"]["code"] == "MAX_TOKENS_EXCEEDED"
    assert error["message"] == (
        f"The document's token count {limit + 6} exceeds the limit {limit}."
    )
    assert (planner.calls, fetch.requests) == ([], [])


async def test_a_document_over_the_default_size_is_refused_with_its_code() -> None:
    pipeline, planner, fetch = make()
    limit = LimitsConfig().max_document_bytes
    query = "{ me { name } }" + " " * limit
    answer = await pipeline.execute(GraphQLRequest(query=query))
    assert status_of(answer) == 400
    [error] = answer.body["errors"]
    assert error["extensions"]["code"] == "MAX_DOCUMENT_SIZE_EXCEEDED"
    assert str(limit) in error["message"]
    assert (planner.calls, fetch.requests) == ([], [])


async def test_documents_within_the_limits_still_run() -> None:
    pipeline, _, _ = make()
    answer = await pipeline.execute(GraphQLRequest(query="# comment\n{ me { name } }"))
    assert (status_of(answer), answer.body) == (200, {"data": {"me": {"name": "Ada"}}})
