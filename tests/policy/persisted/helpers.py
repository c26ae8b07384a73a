"""A pipeline over the request stand-ins with a persisted-query stage, and APQ request builders."""

from __future__ import annotations

import hashlib
from typing import Any

from gateway.pipeline import PipelineStages, RequestPipeline
from gateway.policy.persisted import PersistedQueryStage
from gateway.request import GraphQLRequest
from tests.pipeline.standins import CountingPlanner, FakeSupergraph, RecordingFetch

QUERY = "query Me { me { name } }"


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def pipeline(persisted: PersistedQueryStage) -> tuple[RequestPipeline, RecordingFetch]:
    fetch = RecordingFetch({"me": {"name": "Ada"}})
    stages = PipelineStages(persisted=persisted)
    return RequestPipeline(FakeSupergraph(), CountingPlanner(), fetch, stages=stages), fetch


def hash_only(digest: str, *, version: Any = 1, name: str | None = None) -> GraphQLRequest:
    extension = {"persistedQuery": {"version": version, "sha256Hash": digest}}
    return GraphQLRequest(query="", extensions=extension, operation_name=name)


def with_text(query: str, digest: str | None = None) -> GraphQLRequest:
    extension = {"persistedQuery": {"version": 1, "sha256Hash": digest or sha(query)}}
    return GraphQLRequest(query=query, extensions=extension)


def code(body: dict[str, Any]) -> str:
    codes = [error["extensions"]["code"] for error in body["errors"]]
    assert len(codes) == 1, body
    return str(codes[0])
