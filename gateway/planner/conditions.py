"""`@skip`/`@include`: which directives make conditions, and on which variable."""

from __future__ import annotations

from graphql import BooleanValueNode, DirectiveNode, VariableNode

from gateway.planner.groups import Condition

__all__ = ["condition_of"]


def condition_of(directive: DirectiveNode) -> Condition | bool | None:
    """A variable condition, a constant (True keeps the selection), or None (not skip/include)."""
    name = directive.name.value
    if name not in ("skip", "include"):
        return None
    value = next((a.value for a in directive.arguments or () if a.name.value == "if"), None)
    keep_when = name == "include"
    if isinstance(value, BooleanValueNode):
        return value.value == keep_when
    if isinstance(value, VariableNode):
        return (value.name.value, keep_when)
    return True
