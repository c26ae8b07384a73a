"""Stand-ins for the supergraph and planner, so the pipeline is tested on its own."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphql import DocumentNode, GraphQLSchema, build_schema

from gateway.execution import SubgraphRequest
from gateway.plan import FetchNode, QueryPlan
from gateway.planner.result import PlanningFailure, PlanResult

SCHEMA = build_schema(
    """
    type Query { me: User  user(id: ID!): User  hello(name: String = "world"): String! }
    type Mutation { rename(name: String!): User }
    type Subscription { ticks: Int }
    type User { id: ID! name: String! nick: String }
    enum Color { RED GREEN }
    """
)


@dataclass(frozen=True, slots=True)
class FakeSupergraph:
    api_schema: GraphQLSchema = SCHEMA
    id: str = "sg-1"


@dataclass(slots=True)
class CountingPlanner:
    """Plans every operation as one root fetch of the client's own query to `accounts`."""

    calls: list[tuple[str | None, frozenset[str]]] = field(default_factory=list)
    fail: bool = False

    def try_plan(
        self,
        document: DocumentNode,
        operation_name: str | None,
        *,
        override_labels: frozenset[str] = frozenset(),
    ) -> PlanResult:
        self.calls.append((operation_name, override_labels))
        if self.fail:
            return PlanningFailure(message="planner bug")
        from graphql import print_ast

        return QueryPlan(
            node=FetchNode(
                service_name="accounts",
                operation=print_ast(document),
                operation_name=operation_name,
                variable_usages=("id", "name"),
                response_keys=_root_keys(document),
            )
        )


class RecordingFetch:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.requests: list[SubgraphRequest] = []

    async def __call__(self, request: SubgraphRequest) -> Any:
        self.requests.append(request)
        return {"data": self.data}


def _root_keys(document: DocumentNode) -> tuple[str, ...]:
    """The response keys of the document's root fields (what a planner puts on a root fetch)."""
    from graphql import FieldNode, OperationDefinitionNode

    return tuple(
        (selection.alias or selection.name).value
        for definition in document.definitions
        if isinstance(definition, OperationDefinitionNode)
        for selection in definition.selection_set.selections
        if isinstance(selection, FieldNode)
    )
