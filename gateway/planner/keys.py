"""The response keys the client uses at each response path, found before planning starts.

Internal selections (entity keys, `@requires` inputs) must never take a response key the
client uses at the same position: results of every fetch at one path merge into one object,
so a clash in another fetch is as bad as one in the same selection. Keys are collected through
every fragment, because fragments on one object share its keys.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    SelectionNode,
    print_ast,
)

from gateway.planner.graph import QueryGraph, list_depth
from gateway.planner.units import fragment_parts

__all__ = ["ClientKeys", "client_keys"]

# response path → response key → {(field name, printed arguments)}
ClientKeys = dict[tuple[str, ...], dict[str, set[tuple[str, str]]]]


def client_keys(
    graph: QueryGraph,
    root_type: str,
    selections: Sequence[SelectionNode],
    fragments: Mapping[str, FragmentDefinitionNode],
) -> ClientKeys:
    """Every client response key by the response path of the object it is selected on."""
    found: ClientKeys = {}
    _walk(graph, fragments, found, root_type, (), selections)
    return found


def _walk(
    graph: QueryGraph,
    fragments: Mapping[str, FragmentDefinitionNode],
    found: ClientKeys,
    type_name: str,
    path: tuple[str, ...],
    selections: Sequence[SelectionNode],
) -> None:
    for selection in selections:
        if isinstance(selection, FieldNode):
            name = selection.name.value
            key = (selection.alias or selection.name).value
            printed = " ".join(print_ast(a) for a in selection.arguments or ())
            found.setdefault(path, {}).setdefault(key, set()).add((name, printed))
            if selection.selection_set is None:
                continue
            definition = graph.field_def(type_name, name)
            if definition is None:
                continue
            depth = list_depth(graph.field_type(type_name, name))
            child = (*path, key, *("@",) * depth)
            _walk(
                graph,
                fragments,
                found,
                definition.type_name,
                child,
                selection.selection_set.selections,
            )
            continue
        parts = fragment_parts(selection, fragments)
        if parts is None:
            continue
        condition, inner = parts
        typed = type_name
        if condition is not None and graph.has_type(condition.name.value):
            typed = condition.name.value
        _walk(graph, fragments, found, typed, path, inner)
