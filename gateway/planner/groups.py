"""Fetch groups: the fetches a plan is being built from, with their dependencies."""

from __future__ import annotations

from dataclasses import dataclass, field

from gateway.plan import FetchRewrite, KeyRenamer
from gateway.planner.selection import SelectionTree

__all__ = ["Condition", "FetchGroup", "GroupSet", "renames_conflict"]

# (variable name, value that keeps the selection): @include(if: $v) → (v, True), @skip → (v, False)
Condition = tuple[str, bool]


def renames_conflict(first: list[FetchRewrite], second: list[FetchRewrite]) -> bool:
    """Two representation renames that would put different values under one key."""
    for a in first:
        for b in second:
            if (
                isinstance(a, KeyRenamer)
                and isinstance(b, KeyRenamer)
                and a.rename_key_to == b.rename_key_to
                and a.path[:-1] == b.path[:-1]
                and a.path[-1] != b.path[-1]
            ):
                return True
    return False


@dataclass(eq=False)
class FetchGroup:
    """One future fetch: a subgraph, where its result merges (`path`) and what it needs first."""

    id: int
    subgraph: str
    path: tuple[str, ...]
    entity: bool
    conditions: tuple[Condition, ...]
    selection: SelectionTree = field(default_factory=SelectionTree)
    requires: SelectionTree = field(default_factory=SelectionTree)
    deps: set[int] = field(default_factory=set)
    input_rewrites: list[FetchRewrite] = field(default_factory=list)
    output_rewrites: list[FetchRewrite] = field(default_factory=list)
    # The typed paths (see `Position.typed_path`) of the positions this fetch serves.
    origins: set[tuple[str, ...]] = field(default_factory=set)
    # The deferred fragment this fetch serves (`gateway.operation.defer` numbering), if any.
    defer: int | None = None


@dataclass(eq=False)
class GroupSet:
    """All groups of one plan; groups are found again by subgraph, path, deps and conditions."""

    groups: dict[int, FetchGroup] = field(default_factory=dict)
    _index: dict[tuple[object, ...], int] = field(default_factory=dict)

    def root(
        self,
        subgraph: str,
        conditions: tuple[Condition, ...],
        slot: int = 0,
        defer: int | None = None,
    ) -> FetchGroup:
        key = ("root", subgraph, conditions, slot, defer)
        found = self._index.get(key)
        if found is not None:
            return self.groups[found]
        group = FetchGroup(
            id=len(self.groups),
            subgraph=subgraph,
            path=(),
            entity=False,
            conditions=conditions,
            defer=defer,
        )
        self.groups[group.id] = group
        self._index[key] = group.id
        return group

    def entity(
        self,
        subgraph: str,
        path: tuple[str, ...],
        deps: frozenset[int],
        conditions: tuple[Condition, ...],
        salt: int = 0,
        defer: int | None = None,
    ) -> FetchGroup:
        key = ("entity", subgraph, path, deps, conditions, salt, defer)
        found = self._index.get(key)
        if found is not None:
            return self.groups[found]
        group = FetchGroup(
            id=len(self.groups),
            subgraph=subgraph,
            path=path,
            entity=True,
            conditions=conditions,
            deps=set(deps),
            defer=defer,
        )
        self.groups[group.id] = group
        self._index[key] = group.id
        return group

    def ancestors(self, group_id: int) -> set[int]:
        seen: set[int] = set()
        stack = list(self.groups[group_id].deps)
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            stack.extend(self.groups[current].deps)
        return seen
