"""What planning one operation (or one mutation step) shares: graph, fetch groups, estimates."""

from __future__ import annotations

from dataclasses import dataclass, field

from graphql import FragmentDefinitionNode

from gateway.planner.estimates import Estimator
from gateway.planner.graph import QueryGraph
from gateway.planner.groups import GroupSet
from gateway.planner.keys import ClientKeys

__all__ = ["InternalAliases", "PlanningState"]

# (response path, field name, printed arguments) → the alias chosen for an internal field
InternalAliases = dict[tuple[tuple[str, ...], str, str], str]


@dataclass(slots=True, eq=False, kw_only=True)
class PlanningState:
    """The walk's shared, growing state; helpers read it next to the walker's position."""

    graph: QueryGraph
    groups: GroupSet
    fragments: dict[str, FragmentDefinitionNode]
    estimator: Estimator
    # The client's response keys at every response path (see `gateway.planner.keys`).
    client: ClientKeys = field(default_factory=dict)
    internal_aliases: InternalAliases = field(default_factory=dict)

    @classmethod
    def start(
        cls,
        graph: QueryGraph,
        fragments: dict[str, FragmentDefinitionNode],
        client: ClientKeys | None = None,
    ) -> PlanningState:
        """A fresh state with no fetch groups yet."""
        return cls(
            graph=graph,
            groups=GroupSet(),
            fragments=fragments,
            estimator=Estimator(graph, fragments),
            client=client or {},
        )
