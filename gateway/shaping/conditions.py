"""`@skip` / `@include`: which variables they read, and whether a selection is kept."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import (
    BooleanValueNode,
    DirectiveNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
)

__all__ = ["condition_variables", "is_included"]


def condition_variables(
    operation: OperationDefinitionNode, fragments: Mapping[str, FragmentDefinitionNode]
) -> tuple[str, ...]:
    """Sorted names of the variables that `@skip(if:)`/`@include(if:)` read in `operation`."""
    names: set[str] = set()
    seen: set[str] = set()
    _collect(operation.selection_set, fragments, names, seen)
    return tuple(sorted(names))


def _collect(
    selection_set: SelectionSetNode | None,
    fragments: Mapping[str, FragmentDefinitionNode],
    names: set[str],
    seen: set[str],
) -> None:
    if selection_set is None:
        return
    for selection in selection_set.selections:
        for directive in selection.directives or ():
            if directive.name.value in ("skip", "include"):
                for argument in directive.arguments or ():
                    if isinstance(argument.value, VariableNode):
                        names.add(argument.value.name.value)
        if isinstance(selection, FieldNode | InlineFragmentNode):
            _collect(selection.selection_set, fragments, names, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name not in seen and name in fragments:
                seen.add(name)
                _collect(fragments[name].selection_set, fragments, names, seen)


def is_included(directives: tuple[DirectiveNode, ...] | None, values: Mapping[str, Any]) -> bool:
    """False when `@skip(if: true)` or `@include(if: false)` applies."""
    for directive in directives or ():
        name = directive.name.value
        if name not in ("skip", "include"):
            continue
        flag = _if_value(directive, values)
        if (name == "skip" and flag) or (name == "include" and not flag):
            return False
    return True


def _if_value(directive: DirectiveNode, values: Mapping[str, Any]) -> bool:
    for argument in directive.arguments or ():
        if argument.name.value != "if":
            continue
        value = argument.value
        if isinstance(value, BooleanValueNode):
            return value.value
        if isinstance(value, VariableNode):
            return bool(values.get(value.name.value))
    # Validation guarantees `if:` is there; without it, keep the directive's neutral reading.
    return directive.name.value == "include"
