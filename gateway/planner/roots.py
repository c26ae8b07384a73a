"""Root fields: pick the subgraph for each (or split a shared one), then walk below it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from graphql import (
    DirectiveNode,
    FieldNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    SelectionNode,
)

from gateway.operation.conditions import read_condition
from gateway.planner.context import PlanningError, Position
from gateway.planner.detours import with_selections
from gateway.planner.estimates import INFEASIBLE
from gateway.planner.state import PlanningState
from gateway.planner.units import units

__all__ = ["root_positions"]

# A root field (or the part of it one subgraph serves), where it starts, and its directives.
RootStart = tuple[Position, FieldNode, tuple[DirectiveNode, ...]]

_GATEWAY_FIELDS = ("__schema", "__type", "__typename")


def root_positions(
    state: PlanningState,
    root_type: str,
    selections: Sequence[SelectionNode],
    slot: int = 0,
    defer: int | None = None,
) -> Iterator[RootStart]:
    """Where each root field of one operation (or one mutation step) starts, in order.

    Lazily: the caller plans each field before the next one picks its subgraph, which prefers
    subgraphs already fetched from.
    """
    estimator = state.estimator
    for field, directives in _root_fields(state, selections, ()):
        name = field.name.value
        if name in _GATEWAY_FIELDS:
            continue
        candidates = state.graph.graphs_for_field(root_type, name)
        if not candidates:
            raise PlanningError(f"no subgraph resolves {root_type}.{name}")
        subgraph = estimator.best_root(root_type, field, candidates, state.groups, slot)
        parts = [(subgraph, field)]
        if (
            len(candidates) > 1
            and field.selection_set is not None
            and estimator.subtree_cost(subgraph, root_type, field) >= INFEASIBLE
        ):
            parts = _split_root(state, root_type, field, candidates)
        conditions = tuple(c for d in directives if isinstance(c := read_condition(d), tuple))
        for chosen, part in parts:
            group = state.groups.root(chosen, (), slot, defer)
            position = Position(
                group=group, selection=group.selection, type=root_type, path=(), defer=defer
            )
            yield position.with_(conditions=conditions), part, directives


def _split_root(
    state: PlanningState, root_type: str, field: FieldNode, candidates: Sequence[str]
) -> list[tuple[str, FieldNode]]:
    """A shared root field no single subgraph can complete: ask each for the part it can."""
    assert field.selection_set is not None
    estimator = state.estimator
    chosen: dict[str, list[SelectionNode]] = {}
    for selection in units(field.selection_set.selections, state.fragments):
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
    state: PlanningState, selections: Sequence[SelectionNode], directives: tuple[DirectiveNode, ...]
) -> Iterator[tuple[FieldNode, tuple[DirectiveNode, ...]]]:
    """Root fields through fragments, each with the condition directives that apply to it."""
    for selection in selections:
        own: list[DirectiveNode] = list(directives)
        dropped = False
        for directive in selection.directives or ():
            condition = read_condition(directive)
            if isinstance(condition, bool):
                dropped = dropped or not condition
            elif condition is not None:
                own.append(directive)
        if dropped:
            continue
        if state.deferred_at(selection.directives, ()) is not None:
            continue  # planned as its own part (`QueryPlanner`)
        match selection:
            case FieldNode():
                yield selection, tuple(own)
            case InlineFragmentNode():
                yield from _root_fields(state, selection.selection_set.selections, tuple(own))
            case FragmentSpreadNode():
                definition = state.fragments[selection.name.value]
                yield from _root_fields(state, definition.selection_set.selections, tuple(own))
