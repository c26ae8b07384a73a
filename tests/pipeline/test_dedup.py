"""Inbound deduplication: identical queries in flight share one execution, nothing else does."""

from __future__ import annotations

import asyncio
from collections.abc import Hashable
from types import MappingProxyType
from typing import Any

import pytest

from gateway.execution import SubgraphFetcher, SubgraphRequest
from gateway.pipeline import RequestPipeline
from gateway.pipeline.dedup import InflightRequests
from gateway.pipeline.pipeline import PipelineStages
from gateway.request import ExecutionResult, GraphQLRequest, Outcome, RequestContext
from tests.support.answers import status_of

from .standins import CountingPlanner, FakeSupergraph

QUERY = "query User($id: ID!) { user(id: $id) { name } }"
ONE = {"id": "1"}


class HeldFetch:
    """Answers every subgraph call once `release` is set; counts the calls."""

    def __init__(self) -> None:
        self.calls: list[SubgraphRequest] = []
        self.release = asyncio.Event()

    async def __call__(self, request: SubgraphRequest) -> Any:
        self.calls.append(request)
        await self.release.wait()
        return {"data": {"user": {"name": "Ada"}}}


class TenantHeaders:
    """A HeaderPlan forwarding `x-tenant` to every subgraph."""

    def fetcher(self, fetch: SubgraphFetcher, context: RequestContext) -> SubgraphFetcher:
        return fetch

    def dedup_key(self, context: RequestContext) -> Hashable:
        return (context.headers.get("x-tenant"),)


def make(*, dedup: bool = True) -> tuple[RequestPipeline, HeldFetch]:
    fetch = HeldFetch()
    stages = PipelineStages(deduplicate_requests=dedup, headers=TenantHeaders())
    return RequestPipeline(FakeSupergraph(), CountingPlanner(), fetch, stages=stages), fetch


def ctx(
    request_id: str, *, tenant: str = "t1", claims: dict[str, Any] | None = None
) -> RequestContext:
    return RequestContext(
        request_id=request_id, headers=MappingProxyType({"x-tenant": tenant}), claims=claims
    )


async def run_all(
    pipeline: RequestPipeline,
    fetch: HeldFetch,
    calls: list[tuple[GraphQLRequest, RequestContext]],
    *,
    expected_calls: int,
) -> list[Outcome]:
    tasks = [asyncio.ensure_future(pipeline.execute(r, c)) for r, c in calls]
    # Let every request reach its fetch (or its wait on a shared execution) before answering.
    for _ in range(20):
        await asyncio.sleep(0)
    assert len(fetch.calls) == expected_calls
    fetch.release.set()
    return list(await asyncio.gather(*tasks))


async def test_identical_queries_in_flight_share_one_execution() -> None:
    pipeline, fetch = make()
    request = GraphQLRequest(query=QUERY, variables={"id": "1"})
    answers = await run_all(
        pipeline, fetch, [(request, ctx(f"r{i}")) for i in range(5)], expected_calls=1
    )
    assert all(answer is answers[0] for answer in answers)
    assert answers[0].body == {"data": {"user": {"name": "Ada"}}}
    assert len(pipeline.inflight) == 0


async def test_shared_answer_is_encoded_once() -> None:
    pipeline, fetch = make()
    request = GraphQLRequest(query=QUERY, variables=ONE)
    first, second = await run_all(
        pipeline, fetch, [(request, ctx("a")), (request, ctx("b"))], expected_calls=1
    )
    assert first.encoded() is second.encoded()


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (
            (GraphQLRequest(query=QUERY, variables={"id": "1"}), ctx("a")),
            (GraphQLRequest(query=QUERY, variables={"id": "2"}), ctx("b")),
        ),
        (
            (GraphQLRequest(query=QUERY, variables=ONE), ctx("a", claims={"sub": "ada"})),
            (GraphQLRequest(query=QUERY, variables=ONE), ctx("b", claims={"sub": "grace"})),
        ),
        (
            (GraphQLRequest(query=QUERY, variables=ONE), ctx("a", claims={"sub": "ada"})),
            (GraphQLRequest(query=QUERY, variables=ONE), ctx("b")),
        ),
        (
            (GraphQLRequest(query=QUERY, variables=ONE), ctx("a", tenant="t1")),
            (GraphQLRequest(query=QUERY, variables=ONE), ctx("b", tenant="t2")),
        ),
        (
            (GraphQLRequest(query=QUERY, variables=ONE), ctx("a")),
            (GraphQLRequest(query="{ me { name } }"), ctx("b")),
        ),
    ],
    ids=["variables", "identity", "anonymous-vs-signed-in", "forwarded-header", "document"],
)
async def test_requests_that_could_differ_are_not_shared(
    one: tuple[GraphQLRequest, RequestContext], other: tuple[GraphQLRequest, RequestContext]
) -> None:
    pipeline, fetch = make()
    await run_all(pipeline, fetch, [one, other], expected_calls=2)


async def test_mutations_are_never_shared() -> None:
    pipeline, fetch = make()
    request = GraphQLRequest(query='mutation { rename(name: "A") { name } }')
    await run_all(pipeline, fetch, [(request, ctx(f"r{i}")) for i in range(3)], expected_calls=3)


async def test_switched_off_nothing_is_shared() -> None:
    pipeline, fetch = make(dedup=False)
    request = GraphQLRequest(query=QUERY, variables=ONE)
    await run_all(pipeline, fetch, [(request, ctx(f"r{i}")) for i in range(3)], expected_calls=3)


async def test_each_request_still_gets_its_own_refusal() -> None:
    pipeline, fetch = make()
    good = GraphQLRequest(query=QUERY, variables={"id": "1"})
    bad = GraphQLRequest(query=QUERY, variables={"id": {"not": "an id"}})
    ok, refused = await run_all(pipeline, fetch, [(good, ctx("a")), (bad, ctx("b"))],
                                expected_calls=1)  # fmt: skip
    assert status_of(ok) == 200
    assert status_of(refused) == 400
    assert refused.body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_a_waiter_going_away_does_not_cancel_the_others() -> None:
    table = InflightRequests()
    release = asyncio.Event()
    starts = 0

    async def start() -> ExecutionResult:
        nonlocal starts
        starts += 1
        await release.wait()
        return ExecutionResult(data={"ok": True})

    leader = asyncio.ensure_future(table.share("k", start))
    follower = asyncio.ensure_future(table.share("k", start))
    await asyncio.sleep(0)
    leader.cancel()  # the first client disconnects
    await asyncio.sleep(0)
    release.set()
    answer, joined = await follower
    assert (answer.body, joined, starts) == ({"data": {"ok": True}}, True, 1)
    assert leader.cancelled()
    assert len(table) == 0


async def test_the_execution_is_cancelled_when_every_waiter_is_gone() -> None:
    table = InflightRequests()
    cancelled = asyncio.Event()

    async def start() -> ExecutionResult:
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled.set()
            raise
        raise AssertionError("unreachable")

    waiters = [asyncio.ensure_future(table.share("k", start)) for _ in range(2)]
    await asyncio.sleep(0)
    for waiter in waiters:
        waiter.cancel()
    await asyncio.wait_for(cancelled.wait(), 5)
    assert len(table) == 0


async def test_a_failed_execution_reaches_every_waiter() -> None:
    table = InflightRequests()
    release = asyncio.Event()

    async def start() -> ExecutionResult:
        await release.wait()
        raise RuntimeError("planner bug")

    waiters = [asyncio.ensure_future(table.share("k", start)) for _ in range(3)]
    await asyncio.sleep(0)
    release.set()
    results = await asyncio.gather(*waiters, return_exceptions=True)
    assert all(isinstance(result, RuntimeError) for result in results)
    assert len(table) == 0
