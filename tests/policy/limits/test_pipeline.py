"""The limits in the request pipeline: a refused operation is a 400 and reaches no subgraph."""

from __future__ import annotations

from typing import Any

from gateway.config import LimitsConfig
from gateway.execution import SubgraphRequest
from gateway.pipeline import PipelineStages, RequestPipeline
from gateway.planner import QueryPlanner
from gateway.policy.limits import OperationLimiter
from gateway.request import GraphQLRequest
from tests.support.answers import status_of

from .support import supergraph_of

CATALOG = supergraph_of(
    catalog="""
    type Query {
      categories: [Category!]!
      top(first: Int): [Category!]! @listSize(slicingArguments: ["first"])
    }
    type Category { name: String parent: Category }
    """
)


class Fetch:
    def __init__(self) -> None:
        self.requests: list[SubgraphRequest] = []

    async def __call__(self, request: SubgraphRequest) -> Any:
        self.requests.append(request)
        return {"data": {"categories": [{"name": "maths"}], "top": [{"name": "art"}]}}


def pipeline(fetch: Fetch, **limits: Any) -> RequestPipeline:
    limiter = OperationLimiter(LimitsConfig(**limits), CATALOG)
    return RequestPipeline(
        CATALOG, QueryPlanner(CATALOG), fetch, stages=PipelineStages(limits=limiter)
    )


async def test_operation_within_limits_is_answered() -> None:
    fetch = Fetch()
    answer = await pipeline(fetch).execute(GraphQLRequest(query="{ categories { name } }"))
    assert (status_of(answer), answer.body) == (200, {"data": {"categories": [{"name": "maths"}]}})


async def test_refused_operation_is_a_400_with_the_limit_code_and_no_fetch() -> None:
    fetch = Fetch()
    query = "{ categories { " + "parent { " * 4 + "name" + " }" * 6
    answer = await pipeline(fetch, max_depth=5).execute(GraphQLRequest(query=query))
    assert status_of(answer) == 400
    assert answer.body == {
        "errors": [
            {
                "message": "The operation's depth 6 exceeds the limit 5.",
                "extensions": {"code": "MAX_DEPTH_EXCEEDED", "limit": 5, "measured": 6},
            }
        ]
    }
    assert fetch.requests == []


async def test_variable_cost_is_judged_on_each_request_of_a_cached_operation() -> None:
    fetch = Fetch()
    gateway = pipeline(fetch, max_cost=50)
    query = "query Top($n: Int) { top(first: $n) { name } }"
    small = await gateway.execute(GraphQLRequest(query=query, variables={"n": 2}))
    large = await gateway.execute(GraphQLRequest(query=query, variables={"n": 51}))
    again = await gateway.execute(GraphQLRequest(query=query, variables={"n": 50}))
    assert [status_of(small), status_of(large), status_of(again)] == [200, 400, 200]
    assert large.body["errors"][0]["extensions"]["code"] == "COST_ESTIMATED_TOO_EXPENSIVE"
    assert len(fetch.requests) == 2


async def test_introspection_is_limited_too() -> None:
    fetch = Fetch()
    query = "{ __schema { types { fields { type { ofType { ofType { name } } } } } } }"
    answer = await pipeline(fetch, max_depth=6).execute(GraphQLRequest(query=query))
    assert status_of(answer) == 400
    assert answer.body["errors"][0]["extensions"]["code"] == "MAX_DEPTH_EXCEEDED"
