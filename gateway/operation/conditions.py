"""`@skip` / `@include`: the one reader of both directives, and what each stage asks of it.

    read_condition       one directive: None (neither directive), True/False (a literal: is the
                         selection kept?) or (variable, keep_when) (kept when the variable's
                         value is `keep_when`)
    is_included          shaping: is a selection kept, given the request's variables
    condition_variables  caches: the variables an operation's conditions read
    (the planner turns variable conditions into Condition nodes, the cost limiter into gates)

graphql-core's `should_include_node` answers `is_included`'s question as well, but it coerces the
directive's arguments through the schema on every call, and shaping asks once per selection per
request; the test suite keeps the two in agreement.
"""

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

__all__ = ["VariableCondition", "condition_variables", "is_included", "read_condition"]

# (variable name, the value that keeps the selection): `@include(if: $v)` is ("v", True).
VariableCondition = tuple[str, bool]


def read_condition(directive: DirectiveNode) -> VariableCondition | bool | None:
    """What one directive says about its selection (see the module's docstring)."""
    name = directive.name.value
    if name not in ("skip", "include"):
        return None
    keep_when = name == "include"
    for argument in directive.arguments or ():
        if argument.name.value != "if":
            continue
        value = argument.value
        if isinstance(value, BooleanValueNode):
            return value.value == keep_when
        if isinstance(value, VariableNode):
            return (value.name.value, keep_when)
    # Validation guarantees `if:`; without it the directive is read as neutral.
    return True


def is_included(directives: tuple[DirectiveNode, ...] | None, values: Mapping[str, Any]) -> bool:
    """False when `@skip(if: true)` or `@include(if: false)` applies."""
    for directive in directives or ():
        condition = read_condition(directive)
        if condition is None or condition is True:
            continue
        if condition is False:
            return False
        variable, keep_when = condition
        if bool(values.get(variable)) != keep_when:
            return False
    return True


def condition_variables(
    operation: OperationDefinitionNode, fragments: Mapping[str, FragmentDefinitionNode]
) -> tuple[str, ...]:
    """Sorted names of the variables that `@skip(if:)`/`@include(if:)` read in `operation`."""
    names: set[str] = set()
    _collect(operation.selection_set, fragments, names, set())
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
            condition = read_condition(directive)
            if isinstance(condition, tuple):
                names.add(condition[0])
        if isinstance(selection, FieldNode | InlineFragmentNode):
            _collect(selection.selection_set, fragments, names, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name not in seen and name in fragments:
                seen.add(name)
                _collect(fragments[name].selection_set, fragments, names, seen)
