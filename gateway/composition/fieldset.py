"""FieldSet strings (`@key(fields:)`, `@requires`, `@provides`) parsed into selections and walked
against a subgraph's types."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from dataclasses import dataclass

from graphql import (
    FieldNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    parse,
    print_ast,
)

from gateway.composition.subgraph.model import Field, Kind, Subgraph, TypeDef
from gateway.composition.typeref import base_name

__all__ = ["FieldSetError", "Sel", "parse_field_set", "walk"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Sel:
    """A field selection (`name` set) or an inline fragment (`type_condition`, maybe None)."""

    name: str | None = None
    alias: str | None = None
    args: tuple[tuple[str, str], ...] = ()
    type_condition: str | None = None
    children: tuple[Sel, ...] = ()
    has_directives: bool = False


class FieldSetError(Exception):
    """Raised inside this module only; callers turn it into a coded CompositionError."""

    def __init__(self, message: str, code_suffix: str = "INVALID_FIELDS") -> None:
        super().__init__(message)
        self.message = message
        self.code_suffix = code_suffix


def _convert(node: SelectionSetNode | None) -> tuple[Sel, ...]:
    out: list[Sel] = []
    for s in node.selections if node else ():
        if isinstance(s, FieldNode):
            out.append(
                Sel(
                    name=s.name.value,
                    alias=s.alias.value if s.alias else None,
                    args=tuple((a.name.value, print_ast(a.value)) for a in s.arguments or ()),
                    children=_convert(s.selection_set),
                    has_directives=bool(s.directives),
                )
            )
        elif isinstance(s, InlineFragmentNode):
            out.append(
                Sel(
                    type_condition=s.type_condition.name.value if s.type_condition else None,
                    children=_convert(s.selection_set),
                    has_directives=bool(s.directives),
                )
            )
        else:
            raise FieldSetError("named fragments are not supported in field sets")
    return tuple(out)


@functools.lru_cache(maxsize=4096)
def parse_field_set(text: str) -> tuple[Sel, ...]:
    try:
        doc = parse("{" + text + "}", no_location=True)
    except GraphQLError as exc:
        raise FieldSetError(exc.message.strip()) from None
    op = doc.definitions[0]
    assert isinstance(op, OperationDefinitionNode)
    return _convert(op.selection_set)


Visitor = Callable[[TypeDef, Field, Sel, tuple[tuple[str, str], ...]], None]


def walk(
    subgraph: Subgraph,
    parent: TypeDef,
    selections: tuple[Sel, ...],
    visit: Visitor,
    ancestors: tuple[tuple[str, str], ...] = (),
) -> None:
    """Calls `visit(parent, field, selection, ancestor coordinates)` for each selected field,
    raising FieldSetError on unknown fields, invalid sub-selections or unknown type conditions."""
    for selection in selections:
        if selection.name is None:
            target = parent
            if selection.type_condition is not None:
                cond = subgraph.types.get(selection.type_condition)
                if cond is None:
                    raise FieldSetError(f'Unknown type "{selection.type_condition}"')
                target = cond
            walk(subgraph, target, selection.children, visit, ancestors)
            continue
        if selection.name == "__typename":
            continue
        field = parent.field(selection.name)
        if field is None or parent.kind not in (Kind.OBJECT, Kind.INTERFACE):
            raise FieldSetError(f'Cannot query field "{selection.name}" on type "{parent.name}".')
        visit(parent, field, selection, ancestors)
        child = subgraph.types.get(base_name(field.type))
        composite = child is not None and child.kind in (Kind.OBJECT, Kind.INTERFACE, Kind.UNION)
        if selection.children and not composite:
            raise FieldSetError(
                f'Field "{selection.name}" must not have a selection since type "{field.type}" '
                "has no subfields."
            )
        if not selection.children and composite:
            raise FieldSetError(
                f'Field "{selection.name}" of type "{field.type}" must have a selection '
                f'of subfields. Did you mean "{selection.name} {{ ... }}"?'
            )
        if child is not None and selection.children:
            walk(
                subgraph, child, selection.children, visit, (*ancestors, (parent.name, field.name))
            )


def collect_fields(
    subgraph: Subgraph, parent: TypeDef, text: str, include_implementations: bool = False
) -> set[tuple[str, str]]:
    """Coordinates (type, field) selected by a field set; empty when it does not parse."""
    out: set[tuple[str, str]] = set()

    def visit(
        owner: TypeDef, field: Field, _selection: Sel, _up: tuple[tuple[str, str], ...]
    ) -> None:
        out.add((owner.name, field.name))
        if include_implementations and owner.kind is Kind.INTERFACE:
            for t in subgraph.types.values():
                if owner.name in t.interfaces and t.field(field.name):
                    out.add((t.name, field.name))

    with contextlib.suppress(FieldSetError):
        walk(subgraph, parent, parse_field_set(text), visit)
    return out
