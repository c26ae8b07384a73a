"""Enum types: values added (DANGEROUS on an existing enum: clients may not handle the new value
in results), removed, their description and deprecation."""

from __future__ import annotations

from graphql import GraphQLEnumType, GraphQLEnumValue

from registry.changes import coordinates
from registry.changes.compare import (
    is_default_reason,
    is_deprecated,
    pair_named_maps,
    quote,
    texts_differ,
)
from registry.changes.model import Change, ChangeType, Criticality
from registry.changes.usages import Site, applied_directives, directives_of

__all__ = ["enum_changes"]


def enum_changes(old: GraphQLEnumType | None, new: GraphQLEnumType) -> list[Change]:
    changes: list[Change] = []
    values = pair_named_maps(old.values if old else {}, new.values)
    for name, value in values.added:
        at = coordinates.member(new.name, name)
        changes.append(
            Change(
                type=ChangeType.ENUM_VALUE_ADDED,
                criticality=Criticality.DANGEROUS if old else Criticality.SAFE,
                coordinate=at,
                message=f"Enum value '{at}' was added",
                reason="Clients that switch over the enum's values may not handle the new one."
                if old
                else None,
            )
        )
        changes += _value(at, None, value)
    for name, value in values.removed:
        at = coordinates.member(new.name, name)
        deprecated = is_deprecated(value.deprecation_reason, directives_of(value.ast_node))
        changes.append(
            Change(
                type=ChangeType.ENUM_VALUE_REMOVED,
                criticality=Criticality.BREAKING,
                coordinate=at,
                message=f"Enum value '{at}'{' (deprecated)' if deprecated else ''} was removed",
                reason="Operations that send the value no longer validate, and clients may still "
                "expect it in results.",
            )
        )
    for (name, before), (_, after) in values.mutual:
        changes += _value(coordinates.member(new.name, name), before, after)
    changes += applied_directives(
        Site.ENUM,
        new.name,
        directives_of(old.ast_node, *old.extension_ast_nodes) if old else (),
        directives_of(new.ast_node, *new.extension_ast_nodes),
        new_element=old is None,
    )
    return changes


def _value(at: str, old: GraphQLEnumValue | None, new: GraphQLEnumValue) -> list[Change]:
    changes: list[Change] = []
    old_description = old.description if old else None
    if texts_differ(old_description, new.description):
        changes.append(
            Change(
                type=ChangeType.ENUM_VALUE_DESCRIPTION_CHANGED,
                criticality=Criticality.SAFE,
                coordinate=at,
                message=f"Description of enum value '{at}' changed from {quote(old_description)} "
                f"to {quote(new.description)}",
            )
        )
    before = old.deprecation_reason if old else None
    after = new.deprecation_reason
    if texts_differ(before, after):
        # Undeprecating is checked first: graphql-inspector 8 reports a value that loses a
        # reason-less `@deprecated` as a reason *added* (see the corpus adjudications).
        if after is None:
            kind, message = (
                ChangeType.ENUM_VALUE_DEPRECATION_REASON_REMOVED,
                f"Enum value '{at}' is no longer deprecated (reason was {quote(before)})",
            )
        elif is_default_reason(before):
            kind, message = (
                ChangeType.ENUM_VALUE_DEPRECATION_REASON_ADDED,
                f"Enum value '{at}' is deprecated with reason {quote(after)}"
                + (f" (was {quote(before)})" if before else ""),
            )
        elif is_default_reason(after):
            kind, message = (
                ChangeType.ENUM_VALUE_DEPRECATION_REASON_REMOVED,
                f"Enum value '{at}' is deprecated without its reason {quote(before)}",
            )
        else:
            kind, message = (
                ChangeType.ENUM_VALUE_DEPRECATION_REASON_CHANGED,
                f"Deprecation reason of enum value '{at}' changed from {quote(before)} "
                f"to {quote(after)}",
            )
        changes.append(
            Change(type=kind, criticality=Criticality.SAFE, coordinate=at, message=message)
        )
    changes += applied_directives(
        Site.ENUM_VALUE,
        at,
        directives_of(old.ast_node) if old else (),
        directives_of(new.ast_node),
        new_element=old is None,
    )
    return changes
