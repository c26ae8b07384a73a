"""Named types: added, removed, kind changed, description, and the changes inside each kind.

A new type is reported with everything it has (its fields, values, members, directives), all
SAFE, so that reports read the same whether a type is new or grew.
"""

from __future__ import annotations

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLUnionType,
    is_introspection_type,
    is_specified_scalar_type,
)

from registry.changes.compare import pair_by_name, quote, texts_differ
from registry.changes.enums import enum_changes
from registry.changes.fields import composite_changes
from registry.changes.inputs import input_changes
from registry.changes.model import Change, ChangeType, Criticality
from registry.changes.usages import Site, applied_directives, directives_of

__all__ = ["named_type_changes"]


def named_type_changes(
    old: dict[str, GraphQLNamedType], new: dict[str, GraphQLNamedType]
) -> list[Change]:
    """Compare every type but the built-in scalars and the introspection types."""
    changes: list[Change] = []
    pairing = pair_by_name(_own(old), _own(new))
    for type_ in pairing.removed:
        changes.append(
            Change(
                type=ChangeType.TYPE_REMOVED,
                criticality=Criticality.BREAKING,
                coordinate=type_.name,
                message=f"{_kind(type_).capitalize()} '{type_.name}' was removed",
                reason="Operations that use the type no longer validate.",
            )
        )
    for type_ in pairing.added:
        changes.append(
            Change(
                type=ChangeType.TYPE_ADDED,
                criticality=Criticality.SAFE,
                coordinate=type_.name,
                message=f"{_kind(type_).capitalize()} '{type_.name}' was added",
            )
        )
        changes += _type(None, type_)
    for before, after in pairing.mutual:
        changes += _type(before, after)
    return changes


def _own(types: dict[str, GraphQLNamedType]) -> list[GraphQLNamedType]:
    return [
        t
        for t in types.values()
        if not is_specified_scalar_type(t) and not is_introspection_type(t)
    ]


def _kind(type_: GraphQLNamedType) -> str:
    match type_:
        case GraphQLObjectType():
            return "object type"
        case GraphQLInterfaceType():
            return "interface"
        case GraphQLUnionType():
            return "union"
        case GraphQLEnumType():
            return "enum"
        case GraphQLInputObjectType():
            return "input object"
        case _:
            return "scalar"


def _type(old: GraphQLNamedType | None, new: GraphQLNamedType) -> list[Change]:
    changes = _inside(old, new)
    if old is not None and _kind(old) != _kind(new):
        changes.append(
            Change(
                type=ChangeType.TYPE_KIND_CHANGED,
                criticality=Criticality.BREAKING,
                coordinate=new.name,
                message=f"'{new.name}' changed from {_kind(old)} to {_kind(new)}",
                reason="Selections and values written for the old kind are no longer valid.",
            )
        )
    old_description = old.description if old else None
    if texts_differ(old_description, new.description):
        if old_description is None:
            kind = ChangeType.TYPE_DESCRIPTION_ADDED
            message = (
                f"{_kind(new).capitalize()} '{new.name}' has description {quote(new.description)}"
            )
        elif old_description and new.description is None:
            kind = ChangeType.TYPE_DESCRIPTION_REMOVED
            message = (
                f"{_kind(new).capitalize()} '{new.name}' lost description {quote(old_description)}"
            )
        else:
            kind = ChangeType.TYPE_DESCRIPTION_CHANGED
            message = (
                f"Description of '{new.name}' changed from {quote(old_description)} "
                f"to {quote(new.description)}"
            )
        changes.append(
            Change(type=kind, criticality=Criticality.SAFE, coordinate=new.name, message=message)
        )
    return changes


def _inside(old: GraphQLNamedType | None, new: GraphQLNamedType) -> list[Change]:
    """Changes inside a type whose kind stayed the same (or that is new); none otherwise."""
    match new:
        case GraphQLEnumType() if old is None or isinstance(old, GraphQLEnumType):
            return enum_changes(old, new)
        case GraphQLUnionType() if old is None or isinstance(old, GraphQLUnionType):
            return _union(old, new)
        case GraphQLInputObjectType() if old is None or isinstance(old, GraphQLInputObjectType):
            return input_changes(old, new)
        case GraphQLObjectType() if old is None or isinstance(old, GraphQLObjectType):
            return composite_changes(old, new)
        case GraphQLInterfaceType() if old is None or isinstance(old, GraphQLInterfaceType):
            return composite_changes(old, new)
        case GraphQLScalarType() if old is None or isinstance(old, GraphQLScalarType):
            return applied_directives(
                Site.SCALAR,
                new.name,
                directives_of(old.ast_node, *old.extension_ast_nodes) if old else (),
                directives_of(new.ast_node, *new.extension_ast_nodes),
                new_element=old is None,
            )
        case _:
            return []


def _union(old: GraphQLUnionType | None, new: GraphQLUnionType) -> list[Change]:
    """Members added are DANGEROUS on an existing union: clients may get a type they have no
    fragment for."""
    changes: list[Change] = []
    members = pair_by_name(old.types if old else (), new.types)
    for member in members.added:
        changes.append(
            Change(
                type=ChangeType.UNION_MEMBER_ADDED,
                criticality=Criticality.DANGEROUS if old else Criticality.SAFE,
                coordinate=new.name,
                message=f"'{member.name}' was added to union '{new.name}'",
                reason="Fields that return the union may now return a type clients have no "
                "fragment for."
                if old
                else None,
            )
        )
    for member in members.removed:
        changes.append(
            Change(
                type=ChangeType.UNION_MEMBER_REMOVED,
                criticality=Criticality.BREAKING,
                coordinate=new.name,
                message=f"'{member.name}' was removed from union '{new.name}'",
                reason="Fragments on the removed member no longer validate.",
            )
        )
    changes += applied_directives(
        Site.UNION,
        new.name,
        directives_of(old.ast_node, *old.extension_ast_nodes) if old else (),
        directives_of(new.ast_node, *new.extension_ast_nodes),
        new_element=old is None,
    )
    return changes
