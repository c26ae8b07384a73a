"""What planning one operation (or one mutation step) shares: graph, fetch groups, estimates."""

from __future__ import annotations

from dataclasses import dataclass, field

from graphql import DirectiveNode, FragmentDefinitionNode

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
    # Active `@defer` fragments: (id of the directive node, client path) → fragment number.
    defers: dict[tuple[int, tuple[str, ...]], int] = field(default_factory=dict)
    # Where the walker met each deferred fragment (response keys and `@`): its Deferred path.
    defer_paths: dict[int, tuple[str, ...]] = field(default_factory=dict)

    def deferred_at(
        self, directives: tuple[DirectiveNode, ...] | None, path: tuple[str, ...]
    ) -> int | None:
        """The number of the active deferred fragment with these directives at `path`."""
        if not self.defers:
            return None
        client_path = tuple(step for step in path if step != "@")
        for directive in directives or ():
            if directive.name.value == "defer":
                found = self.defers.get((id(directive), client_path))
                if found is not None:
                    self.defer_paths.setdefault(found, path)
                return found
        return None

    @classmethod
    def start(
        cls,
        graph: QueryGraph,
        fragments: dict[str, FragmentDefinitionNode],
        client: ClientKeys | None = None,
        defers: dict[tuple[int, tuple[str, ...]], int] | None = None,
    ) -> PlanningState:
        """A fresh state with no fetch groups yet."""
        return cls(
            defers=defers or {},
            graph=graph,
            groups=GroupSet(),
            fragments=fragments,
            estimator=Estimator(graph, fragments),
            client=client or {},
        )
