"""The one reader of `@defer`: which fragments of an operation are delivered later, and where.

`@defer(label: String, if: Boolean! = true)` on an inline fragment or a fragment spread asks for
its fields in a later payload.  `if:` with a literal is read as written; with a variable, the
fragment is deferred when the variable's value is true (a missing value counts as false, the
same test the executor applies to the plan's `Condition` on that variable).  Every stage that
cares (the planner, the pipeline's shaping) numbers the active deferred fragments the same way:
in document order, fragment spreads expanded where they are used.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    BooleanValueNode,
    DirectiveNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionNode,
    SelectionSetNode,
    StringValueNode,
    VariableNode,
)

from gateway.operation.conditions import is_included

__all__ = [
    "DeferredFragment",
    "active_defer",
    "defer_variables",
    "deferred_fragments",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class DeferredFragment:
    """One deferred fragment where the operation uses it."""

    index: int
    label: str | None
    # Client response keys from the root to the object the fragment applies to.
    path: tuple[str, ...]
    # The enclosing deferred fragment (its payload comes first), or None for the primary.
    parent: int | None
    # The type condition in effect (the fragment's own, else an enclosing fragment's at the
    # same level; None: the field's type).
    type_condition: str | None
    # The fields from the root to the object: (type condition in effect, field name) each.
    steps: tuple[tuple[str | None, str], ...]
    selection_set: SelectionSetNode
    directive: DirectiveNode


def _defer_directive(directives: tuple[DirectiveNode, ...] | None) -> DirectiveNode | None:
    for directive in directives or ():
        if directive.name.value == "defer":
            return directive
    return None


def active_defer(
    directives: tuple[DirectiveNode, ...] | None, values: Mapping[str, Any]
) -> DirectiveNode | None:
    """The `@defer` among `directives` when it is on for these variable values."""
    directive = _defer_directive(directives)
    if directive is None:
        return None
    for argument in directive.arguments or ():
        if argument.name.value != "if":
            continue
        value = argument.value
        if isinstance(value, BooleanValueNode):
            return directive if value.value else None
        if isinstance(value, VariableNode):
            return directive if values.get(value.name.value) else None
    return directive


def _label(directive: DirectiveNode) -> str | None:
    for argument in directive.arguments or ():
        if argument.name.value == "label" and isinstance(argument.value, StringValueNode):
            return argument.value.value
    return None


def deferred_fragments(
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    values: Mapping[str, Any],
) -> tuple[DeferredFragment, ...]:
    """The active deferred fragments of `operation`, numbered in document order."""
    found: list[DeferredFragment] = []
    _walk(operation.selection_set.selections, fragments, values, _Where(), None, found)
    return tuple(found)


@dataclass(frozen=True, slots=True)
class _Where:
    path: tuple[str, ...] = ()
    steps: tuple[tuple[str | None, str], ...] = ()
    narrowed: str | None = None


def _walk(
    selections: tuple[SelectionNode, ...],
    fragments: Mapping[str, FragmentDefinitionNode],
    values: Mapping[str, Any],
    where: _Where,
    parent: int | None,
    found: list[DeferredFragment],
) -> None:
    for selection in selections:
        if not is_included(selection.directives, values):
            continue
        if isinstance(selection, FieldNode):
            if selection.selection_set is not None:
                key = (selection.alias or selection.name).value
                inner_where = _Where(
                    path=(*where.path, key),
                    steps=(*where.steps, (where.narrowed, selection.name.value)),
                )
                _walk(selection.selection_set.selections, fragments, values, inner_where, parent,
                      found)  # fmt: skip
            continue
        if isinstance(selection, InlineFragmentNode):
            condition = selection.type_condition
            selection_set = selection.selection_set
        elif isinstance(selection, FragmentSpreadNode):
            definition = fragments.get(selection.name.value)
            if definition is None:
                continue
            condition = definition.type_condition
            selection_set = definition.selection_set
        else:
            continue
        directive = active_defer(selection.directives, values)
        here = _Where(
            path=where.path,
            steps=where.steps,
            narrowed=where.narrowed if condition is None else condition.name.value,
        )
        inner = parent
        if directive is not None:
            inner = len(found)
            found.append(
                DeferredFragment(
                    index=inner,
                    label=_label(directive),
                    path=where.path,
                    parent=parent,
                    type_condition=here.narrowed,
                    steps=where.steps,
                    selection_set=selection_set,
                    directive=directive,
                )
            )
        _walk(selection_set.selections, fragments, values, here, inner, found)


def defer_variables(
    operation: OperationDefinitionNode, fragments: Mapping[str, FragmentDefinitionNode]
) -> tuple[str, ...]:
    """The variables `@defer(if:)` reads anywhere in the operation, in order of appearance."""
    names: list[str] = []
    for directive in _all_defers(operation.selection_set.selections, fragments, set()):
        for argument in directive.arguments or ():
            value = argument.value
            if (
                argument.name.value == "if"
                and isinstance(value, VariableNode)
                and value.name.value not in names
            ):
                names.append(value.name.value)
    return tuple(names)


def _all_defers(
    selections: tuple[SelectionNode, ...],
    fragments: Mapping[str, FragmentDefinitionNode],
    seen: set[str],
) -> Iterator[DirectiveNode]:
    for selection in selections:
        if isinstance(selection, FieldNode):
            if selection.selection_set is not None:
                yield from _all_defers(selection.selection_set.selections, fragments, seen)
            continue
        directive = _defer_directive(selection.directives)
        if directive is not None:
            yield directive
        if isinstance(selection, InlineFragmentNode):
            yield from _all_defers(selection.selection_set.selections, fragments, seen)
        elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in seen:
            seen.add(selection.name.value)
            definition = fragments.get(selection.name.value)
            if definition is not None:
                yield from _all_defers(definition.selection_set.selections, fragments, seen)
