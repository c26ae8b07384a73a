"""Input object types: fields added, removed, their type, default value and description.

An input field added to an existing input is SAFE when nullable without a default, BREAKING
when required (non-null without a default: existing operations do not send it), and DANGEROUS
when it has a default (operations that omit it now send that value); on a new input, SAFE.
"""

from __future__ import annotations

from graphql import GraphQLInputField, GraphQLInputObjectType, GraphQLNonNull

from registry.changes import coordinates
from registry.changes.compare import is_deprecated, pair_named_maps, quote, texts_differ
from registry.changes.model import Change, ChangeType, Criticality
from registry.changes.usages import Site, applied_directives, directives_of
from registry.changes.values import (
    describe_default,
    has_default,
    is_safe_input_change,
    same_default,
)

__all__ = ["input_changes"]


def input_changes(old: GraphQLInputObjectType | None, new: GraphQLInputObjectType) -> list[Change]:
    changes: list[Change] = []
    fields = pair_named_maps(old.fields if old else {}, new.fields)
    for name, field in fields.added:
        changes.append(_added(new.name, name, field, new_input=old is None))
        changes += _field(new.name, name, None, field)
    for name, field in fields.removed:
        at = coordinates.member(new.name, name)
        deprecated = is_deprecated(field.deprecation_reason, directives_of(field.ast_node))
        changes.append(
            Change(
                type=ChangeType.INPUT_FIELD_REMOVED,
                criticality=Criticality.BREAKING,
                coordinate=at,
                message=f"Input field '{at}'{' (deprecated)' if deprecated else ''} of type "
                f"'{field.type}' was removed",
                reason="Operations that send the field no longer validate.",
            )
        )
    for (name, before), (_, after) in fields.mutual:
        changes += _field(new.name, name, before, after)
    changes += applied_directives(
        Site.INPUT_OBJECT,
        new.name,
        directives_of(old.ast_node, *old.extension_ast_nodes) if old else (),
        directives_of(new.ast_node, *new.extension_ast_nodes),
        new_element=old is None,
    )
    return changes


def _added(input_name: str, name: str, field: GraphQLInputField, *, new_input: bool) -> Change:
    at = coordinates.member(input_name, name)
    defaulted = has_default(field)
    default = f" with default {describe_default(field)}" if defaulted else ""
    if new_input or (not isinstance(field.type, GraphQLNonNull) and not defaulted):
        criticality, reason = Criticality.SAFE, None
    elif not defaulted:
        criticality = Criticality.BREAKING
        reason = "Existing operations do not send the new required field."
    else:
        criticality = Criticality.DANGEROUS
        reason = "Operations that omit the field now send its default value."
    return Change(
        type=ChangeType.INPUT_FIELD_ADDED,
        criticality=criticality,
        coordinate=at,
        message=f"Input field '{at}' of type '{field.type}'{default} was added",
        reason=reason,
    )


def _field(
    input_name: str, name: str, old: GraphQLInputField | None, new: GraphQLInputField
) -> list[Change]:
    at = coordinates.member(input_name, name)
    changes: list[Change] = []
    old_description = old.description if old else None
    if texts_differ(old_description, new.description):
        if old_description is None:
            kind = ChangeType.INPUT_FIELD_DESCRIPTION_ADDED
            message = f"Input field '{at}' has description {quote(new.description)}"
        elif new.description is None:
            kind = ChangeType.INPUT_FIELD_DESCRIPTION_REMOVED
            message = f"Input field '{at}' lost description {quote(old_description)}"
        else:
            kind = ChangeType.INPUT_FIELD_DESCRIPTION_CHANGED
            message = (
                f"Description of input field '{at}' changed from {quote(old_description)} "
                f"to {quote(new.description)}"
            )
        changes.append(
            Change(type=kind, criticality=Criticality.SAFE, coordinate=at, message=message)
        )
    if old is not None and not same_default(old, new):
        changes.append(
            Change(
                type=ChangeType.INPUT_FIELD_DEFAULT_VALUE_CHANGED,
                criticality=Criticality.DANGEROUS,
                coordinate=at,
                message=f"Default value of input field '{at}' changed from "
                f"{describe_default(old)} to {describe_default(new)}",
                reason="Operations that omit the field now send another value.",
            )
        )
    if old is not None and str(old.type) != str(new.type):
        safe = is_safe_input_change(old.type, new.type)
        changes.append(
            Change(
                type=ChangeType.INPUT_FIELD_TYPE_CHANGED,
                criticality=Criticality.SAFE if safe else Criticality.BREAKING,
                coordinate=at,
                message=f"Type of input field '{at}' changed from '{old.type}' to '{new.type}'",
                reason=None if safe else "Values that operations send may no longer be accepted.",
            )
        )
    changes += applied_directives(
        Site.INPUT_FIELD,
        at,
        directives_of(old.ast_node) if old else (),
        directives_of(new.ast_node),
        new_element=old is None,
    )
    return changes
