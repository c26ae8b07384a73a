"""Directives applied to schema elements (`@key`, `@deprecated`, `@tag` …): added, removed, and
their arguments changed.

Criticality: applying or removing a directive is DANGEROUS, since it may change how the element
is resolved, composed or exposed; on an element that is itself new it is SAFE. `@deprecated`
is SAFE both ways; `@oneOf` is BREAKING when applied (clients must then send exactly one field)
and SAFE when removed. An argument added to an applied directive is SAFE; an argument removed
is DANGEROUS, and a changed value is reported as the old value removed and the new one added.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from graphql import ArgumentNode, DirectiveNode, Node, print_ast

from registry.changes.compare import pair_by_name, pair_directives
from registry.changes.model import Change, ChangeType, Criticality

__all__ = ["Site", "applied_directives", "directives_of"]


class Site(Enum):
    """Where a directive is applied: how messages name the place, and the change kinds."""

    SCHEMA = (
        "the schema",
        ChangeType.DIRECTIVE_USAGE_SCHEMA_ADDED,
        ChangeType.DIRECTIVE_USAGE_SCHEMA_REMOVED,
    )
    SCALAR = (
        "scalar",
        ChangeType.DIRECTIVE_USAGE_SCALAR_ADDED,
        ChangeType.DIRECTIVE_USAGE_SCALAR_REMOVED,
    )
    OBJECT = (
        "object type",
        ChangeType.DIRECTIVE_USAGE_OBJECT_ADDED,
        ChangeType.DIRECTIVE_USAGE_OBJECT_REMOVED,
    )
    INTERFACE = (
        "interface",
        ChangeType.DIRECTIVE_USAGE_INTERFACE_ADDED,
        ChangeType.DIRECTIVE_USAGE_INTERFACE_REMOVED,
    )
    UNION = (
        "union",
        ChangeType.DIRECTIVE_USAGE_UNION_MEMBER_ADDED,
        ChangeType.DIRECTIVE_USAGE_UNION_MEMBER_REMOVED,
    )
    ENUM = (
        "enum",
        ChangeType.DIRECTIVE_USAGE_ENUM_ADDED,
        ChangeType.DIRECTIVE_USAGE_ENUM_REMOVED,
    )
    ENUM_VALUE = (
        "enum value",
        ChangeType.DIRECTIVE_USAGE_ENUM_VALUE_ADDED,
        ChangeType.DIRECTIVE_USAGE_ENUM_VALUE_REMOVED,
    )
    INPUT_OBJECT = (
        "input object",
        ChangeType.DIRECTIVE_USAGE_INPUT_OBJECT_ADDED,
        ChangeType.DIRECTIVE_USAGE_INPUT_OBJECT_REMOVED,
    )
    FIELD = (
        "field",
        ChangeType.DIRECTIVE_USAGE_FIELD_DEFINITION_ADDED,
        ChangeType.DIRECTIVE_USAGE_FIELD_DEFINITION_REMOVED,
    )
    ARGUMENT = (
        "argument",
        ChangeType.DIRECTIVE_USAGE_ARGUMENT_DEFINITION_ADDED,
        ChangeType.DIRECTIVE_USAGE_ARGUMENT_DEFINITION_REMOVED,
    )
    INPUT_FIELD = (
        "input field",
        ChangeType.DIRECTIVE_USAGE_INPUT_FIELD_DEFINITION_ADDED,
        ChangeType.DIRECTIVE_USAGE_INPUT_FIELD_DEFINITION_REMOVED,
    )

    @property
    def added(self) -> ChangeType:
        return self.value[1]

    @property
    def removed(self) -> ChangeType:
        return self.value[2]

    def place(self, coordinate: str) -> str:
        return self.value[0] if self is Site.SCHEMA else f"{self.value[0]} '{coordinate}'"


_APPLIED = "Applying a directive can change how the element is resolved, composed or exposed."
_UNAPPLIED = "Removing a directive can change how the element is resolved, composed or exposed."
_ONE_OF = "With @oneOf, clients must send exactly one of the input's fields."
_ARGUMENT_GONE = "Dropping or changing a directive argument can change what the directive does."


def directives_of(*nodes: Node | None) -> tuple[DirectiveNode, ...]:
    """The directives written on a definition and then on each of its extensions, in order."""
    found: list[DirectiveNode] = []
    for node in nodes:
        found.extend(getattr(node, "directives", None) or ())
    return tuple(found)


def applied_directives(
    site: Site,
    coordinate: str,
    old: Sequence[DirectiveNode],
    new: Sequence[DirectiveNode],
    *,
    new_element: bool = False,
) -> list[Change]:
    changes: list[Change] = []
    pairing = pair_directives(old, new)
    for node in pairing.removed:
        name = node.name.value
        safe = name in {"deprecated", "oneOf"}
        changes.append(
            Change(
                type=site.removed,
                criticality=Criticality.SAFE if safe else Criticality.DANGEROUS,
                coordinate=coordinate,
                message=f"Directive '{print_ast(node)}' was removed from {site.place(coordinate)}",
                reason=None if safe else _UNAPPLIED,
            )
        )
    for node in pairing.added:
        criticality, reason = _applied(node.name.value, new_element)
        changes.append(
            Change(
                type=site.added,
                criticality=criticality,
                coordinate=coordinate,
                message=f"Directive '{print_ast(node)}' was applied to {site.place(coordinate)}",
                reason=reason,
            )
        )
        changes += _arguments(site, coordinate, None, node)
    for old_node, new_node in pairing.mutual:
        changes += _arguments(site, coordinate, old_node, new_node)
    return changes


def _applied(name: str, new_element: bool) -> tuple[Criticality, str | None]:
    if new_element or name == "deprecated":
        return Criticality.SAFE, None
    if name == "oneOf":
        return Criticality.BREAKING, _ONE_OF
    return Criticality.DANGEROUS, _APPLIED


@dataclass(frozen=True, slots=True)
class _Argument:
    """An argument of an applied directive, paired by name and compared by its printed value."""

    name: str
    value: str

    @classmethod
    def of(cls, node: ArgumentNode) -> _Argument:
        return cls(node.name.value, print_ast(node.value))

    def __str__(self) -> str:
        return f"{self.name}: {self.value}"


def _arguments(
    site: Site, coordinate: str, old: DirectiveNode | None, new: DirectiveNode
) -> list[Change]:
    directive = f"@{new.name.value}"
    place = f"'{directive}' on {site.place(coordinate)}"
    pairing = pair_by_name(
        [_Argument.of(a) for a in (old.arguments if old else ()) or ()],
        [_Argument.of(a) for a in new.arguments or ()],
    )
    changes = [
        _argument_removed(coordinate, f"Argument '{a}' was removed from {place}")
        for a in pairing.removed
    ]
    changes += [
        _argument_added(coordinate, f"Argument '{a}' was added to {place}") for a in pairing.added
    ]
    for before, after in pairing.mutual:
        if before.value == after.value:
            continue
        changes.append(
            _argument_removed(coordinate, f"Argument '{before}' was removed from {place}")
        )
        changes.append(
            _argument_added(
                coordinate, f"Argument '{after}' was added to {place}, replacing '{before}'"
            )
        )
    return changes


def _argument_added(coordinate: str, message: str) -> Change:
    return Change(
        type=ChangeType.DIRECTIVE_USAGE_ARGUMENT_ADDED,
        criticality=Criticality.SAFE,
        coordinate=coordinate,
        message=message,
    )


def _argument_removed(coordinate: str, message: str) -> Change:
    return Change(
        type=ChangeType.DIRECTIVE_USAGE_ARGUMENT_REMOVED,
        criticality=Criticality.DANGEROUS,
        coordinate=coordinate,
        message=message,
        reason=_ARGUMENT_GONE,
    )
