"""Recording stand-ins for the gateway's services: what the server handed them, per request."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator, Mapping

from gateway.execution import SubgraphFetcher
from gateway.pipeline import RequestPipeline
from gateway.request import (
    ANONYMOUS,
    GraphQLRequest,
    Identity,
    Outcome,
    Refusal,
    RequestContext,
    RequestRecord,
)
from tests.pipeline.standins import CountingPlanner, FakeSupergraph, RecordingFetch

from .inprocess import ME


class RecordingPipeline(RequestPipeline):
    def __init__(self, *, fail: bool = False) -> None:
        super().__init__(FakeSupergraph(), CountingPlanner(), RecordingFetch(ME))
        self.seen: list[tuple[GraphQLRequest, RequestContext]] = []
        self.fail = fail

    async def execute(
        self, request: GraphQLRequest, context: RequestContext = ANONYMOUS
    ) -> Outcome:
        self.seen.append((request, context))
        if self.fail:
            raise RuntimeError("secret internals /srv/gateway/pipeline.py line 42")
        return await super().execute(request, context)


class FixedAuthenticator:
    def __init__(self, answer: Identity | Refusal) -> None:
        self.answer = answer
        self.headers: list[Mapping[str, str]] = []

    async def authenticate(self, headers: Mapping[str, str]) -> Identity | Refusal:
        self.headers.append(headers)
        return self.answer


class RecordingObserver:
    def __init__(self) -> None:
        self.records: list[RequestRecord] = []
        self.open = 0
        self.deduplicated_count = 0

    @contextlib.contextmanager
    def request(self, context: RequestContext) -> Iterator[RequestRecord]:
        record = RequestRecord(context)
        self.open += 1
        start = time.perf_counter()
        try:
            yield record
        finally:
            record.seconds = time.perf_counter() - start  # as every observer's scope does
            self.open -= 1
            self.records.append(record)

    def plan_cache(self, *, hit: bool) -> None:
        return None

    def deduplicated(self) -> None:
        self.deduplicated_count += 1

    def fetcher(self, fetch: SubgraphFetcher) -> SubgraphFetcher:
        return fetch
