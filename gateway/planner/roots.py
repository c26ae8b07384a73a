"""Root fields: pick the subgraph for each (or split a shared one), then walk below it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from graphql import (
    DirectiveNode,
    FieldNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    SelectionNode,
)

from gateway.planner.conditions import condition_of
from gateway.planner.context import Ctx, PlanningError
from gateway.planner.cost import INFEASIBLE
from gateway.planner.detours import with_selections
from gateway.planner.units import units

if TYPE_CHECKING:
    from gateway.planner.walker import Walker

__all__ = ["plan_root"]

_GATEWAY_FIELDS = ("__schema", "__type", "__typename")


def plan_root(
    walker: Walker, root_type: str, selections: Sequence[SelectionNode], slot: int = 0
) -> None:
    """Plan the root selections of one operation (or one mutation step) into `walker.groups`."""
    estimator = walker.estimator
    for field, directives in _root_fields(walker, selections, ()):
        name = field.name.value
        if name in _GATEWAY_FIELDS:
            continue
        candidates = walker.graph.graphs_for_field(root_type, name)
        if not candidates:
            raise PlanningError(f"no subgraph resolves {root_type}.{name}")
        subgraph = estimator.best_root(root_type, field, candidates, walker.groups, slot)
        parts = [(subgraph, field)]
        if (
            len(candidates) > 1
            and field.selection_set is not None
            and estimator.subtree_cost(subgraph, root_type, field) >= INFEASIBLE
        ):
            parts = _split_root(walker, root_type, field, candidates)
        conditions = tuple(c for d in directives if isinstance(c := condition_of(d), tuple))
        for chosen, part in parts:
            group = walker.groups.root(chosen, (), slot)
            ctx = Ctx(group=group, sel=group.selection, type=root_type, path=())
            walker.plan_field(ctx.with_(conditions=conditions), part, directives)


def _split_root(
    walker: Walker, root_type: str, field: FieldNode, candidates: Sequence[str]
) -> list[tuple[str, FieldNode]]:
    """A shared root field no single subgraph can complete: ask each for the part it can."""
    assert field.selection_set is not None
    estimator = walker.estimator
    chosen: dict[str, list[SelectionNode]] = {}
    for selection in units(field.selection_set.selections, walker.fragments):
        single = with_selections(field, (selection,))
        best = min(
            candidates,
            key=lambda c: (
                estimator.subtree_cost(c, root_type, single),
                0 if c in chosen else 1,
                candidates.index(c),
            ),
        )
        chosen.setdefault(best, []).append(selection)
    # The field's own directives are passed to `plan_field` separately.
    bare = FieldNode(alias=field.alias, name=field.name, arguments=field.arguments, directives=())
    return [(subgraph, with_selections(bare, tuple(parts))) for subgraph, parts in chosen.items()]


def _root_fields(
    walker: Walker, selections: Sequence[SelectionNode], directives: tuple[DirectiveNode, ...]
) -> Iterator[tuple[FieldNode, tuple[DirectiveNode, ...]]]:
    """Root fields through fragments, each with the condition directives that apply to it."""
    for selection in selections:
        own: list[DirectiveNode] = list(directives)
        dropped = False
        for directive in selection.directives or ():
            cond = condition_of(directive)
            if isinstance(cond, bool):
                dropped = dropped or not cond
            elif cond is not None:
                own.append(directive)
        if dropped:
            continue
        match selection:
            case FieldNode():
                yield selection, tuple(own)
            case InlineFragmentNode():
                yield from _root_fields(walker, selection.selection_set.selections, tuple(own))
            case FragmentSpreadNode():
                definition = walker.fragments[selection.name.value]
                yield from _root_fields(walker, definition.selection_set.selections, tuple(own))
