"""Entity representations: what an entity fetch reads from the merged data."""

from __future__ import annotations

from graphql import FieldNode, InlineFragmentNode, SelectionSetNode, print_ast

from gateway.plan import FetchRewrite, Key, KeyRenamer, TypeCondition
from gateway.planner.graph import QueryGraph, list_depth, parse_field_set
from gateway.planner.groups import FetchGroup
from gateway.planner.selection import SelectionTree
from gateway.planner.state import PlanningState

__all__ = ["add_representation", "representation_renames"]


def representation_renames(
    state: PlanningState, type_name: str, path: tuple[str, ...], key: str, requires: str | None
) -> list[FetchRewrite]:
    """The `KeyRenamer` rewrites `add_representation` would add, without adding anything."""
    scratch = FetchGroup(id=-1, subgraph="", path=path, entity=True, conditions=())
    add_representation(state, scratch, type_name, path, key, requires)
    return scratch.input_rewrites


def add_representation(
    state: PlanningState,
    group: FetchGroup,
    type_name: str,
    path: tuple[str, ...],
    key: str,
    requires: str | None,
) -> None:
    """Add `... on type_name { __typename <key> <requires> }` to the group's representation."""
    fragment = group.requires.add_fragment(type_name)
    fragment.add_field("__typename")
    condition = (TypeCondition(type_name=type_name),)
    for field_set in (key, requires) if requires else (key,):
        _copy(state, group, fragment, type_name, path, parse_field_set(field_set), condition)


def _copy(
    state: PlanningState,
    group: FetchGroup,
    target: SelectionTree,
    type_name: str,
    path: tuple[str, ...],
    fields: SelectionSetNode,
    rewrite_path: tuple[Key | TypeCondition, ...],
) -> None:
    graph = state.graph
    for selection in fields.selections:
        if isinstance(selection, InlineFragmentNode):
            condition = (
                selection.type_condition.name.value if selection.type_condition else type_name
            )
            if condition == type_name and not graph.is_abstract(type_name):
                _copy(state, group, target, type_name, path, selection.selection_set, rewrite_path)
                continue
            # The executor matches fragments by `__typename`, so abstract conditions are
            # spelled out as their object types.
            concrete = _concrete(state.graph, condition, type_name)
            for object_type in concrete:
                sub = target.add_fragment(object_type)
                _copy(
                    state,
                    group,
                    sub,
                    object_type,
                    path,
                    selection.selection_set,
                    (*rewrite_path, TypeCondition(type_name=object_type)),
                )
            continue
        if not isinstance(selection, FieldNode):
            continue
        name = selection.name.value
        printed = " ".join(print_ast(a) for a in selection.arguments or ())
        alias = state.internal_aliases.get((path, name, printed))
        read_key = alias or name
        added = target.add_field(read_key, composite=selection.selection_set is not None)
        if alias is not None:
            rewrite = KeyRenamer(path=(*rewrite_path, Key(name=alias)), rename_key_to=name)
            if rewrite not in group.input_rewrites:
                group.input_rewrites.append(rewrite)
        if selection.selection_set is not None and added.children is not None:
            field_def = graph.field_def(type_name, name)
            if field_def is None:
                continue
            depth = list_depth(graph.field_type(type_name, name))
            child_path = (*path, read_key, *("@",) * depth)
            _copy(
                state,
                group,
                added.children,
                field_def.type_name,
                child_path,
                selection.selection_set,
                (*rewrite_path, Key(name=read_key)),
            )


def _concrete(graph: QueryGraph, condition: str, type_name: str) -> list[str]:
    candidates = (
        list(graph.possible_types(condition)) if graph.is_abstract(condition) else [condition]
    )
    if graph.is_abstract(type_name):
        allowed = set(graph.possible_types(type_name))
        return [t for t in candidates if t in allowed]
    return [t for t in candidates if t == type_name]
