"""Object and interface types: the interfaces they implement, their fields and the fields'
arguments.

Position decides criticality: a field's type may become stricter (non-null added) and stay
SAFE, while an argument's type may only become looser (non-null dropped). An argument added
to an existing field is BREAKING when required (non-null, no default) and DANGEROUS otherwise
(the field may behave differently for operations that do not pass it); on a new field, SAFE.
"""

from __future__ import annotations

from graphql import (
    GraphQLArgument,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLNonNull,
    GraphQLObjectType,
)

from registry.changes import coordinates
from registry.changes.compare import (
    is_default_reason,
    is_deprecated,
    pair_by_name,
    pair_named_maps,
    quote,
    texts_differ,
)
from registry.changes.model import Change, ChangeType, Criticality
from registry.changes.usages import Site, applied_directives, directives_of
from registry.changes.values import (
    describe_default,
    has_default,
    is_safe_input_change,
    is_safe_output_change,
    same_default,
)

__all__ = ["composite_changes"]

Composite = GraphQLObjectType | GraphQLInterfaceType


def composite_changes(old: Composite | None, new: Composite) -> list[Change]:
    """Changes inside an object or interface type; for a new type (`old` None), what it has."""
    changes: list[Change] = []
    noun = "interface" if isinstance(new, GraphQLInterfaceType) else "object type"
    interfaces = pair_by_name(old.interfaces if old else (), new.interfaces)
    for interface in interfaces.added:
        changes.append(
            Change(
                type=ChangeType.OBJECT_TYPE_INTERFACE_ADDED,
                criticality=Criticality.DANGEROUS if old else Criticality.SAFE,
                coordinate=new.name,
                message=f"{noun.capitalize()} '{new.name}' now implements '{interface.name}'",
                reason="Fields that return the interface may now return this type, which "
                "clients may not handle."
                if old
                else None,
            )
        )
    for interface in interfaces.removed:
        changes.append(
            Change(
                type=ChangeType.OBJECT_TYPE_INTERFACE_REMOVED,
                criticality=Criticality.BREAKING,
                coordinate=new.name,
                message=f"{noun.capitalize()} '{new.name}' no longer implements '{interface.name}'",
                reason="Fragments and fields that relied on the type implementing the interface "
                "no longer validate.",
            )
        )
    fields = pair_named_maps(old.fields if old else {}, new.fields)
    for name, field in fields.added:
        changes.append(
            Change(
                type=ChangeType.FIELD_ADDED,
                criticality=Criticality.SAFE,
                coordinate=coordinates.member(new.name, name),
                message=f"Field '{new.name}.{name}' of type '{field.type}' was added to {noun} "
                f"'{new.name}'",
            )
        )
        changes += _field(new.name, name, None, field)
    for name, field in fields.removed:
        deprecated = is_deprecated(field.deprecation_reason, directives_of(field.ast_node))
        changes.append(
            Change(
                type=ChangeType.FIELD_REMOVED,
                criticality=Criticality.BREAKING,
                coordinate=coordinates.member(new.name, name),
                message=f"Field '{new.name}.{name}'{' (deprecated)' if deprecated else ''} "
                f"of type '{field.type}' was removed from {noun} '{new.name}'",
                reason="Operations that select the field no longer validate"
                + ("." if deprecated else "; deprecate it and watch its usage before removing it."),
            )
        )
    for (name, before), (_, after) in fields.mutual:
        changes += _field(new.name, name, before, after)
    site = Site.INTERFACE if isinstance(new, GraphQLInterfaceType) else Site.OBJECT
    changes += applied_directives(
        site,
        new.name,
        directives_of(old.ast_node, *old.extension_ast_nodes) if old else (),
        directives_of(new.ast_node, *new.extension_ast_nodes),
        new_element=old is None,
    )
    return changes


def _field(type_name: str, name: str, old: GraphQLField | None, new: GraphQLField) -> list[Change]:
    at = coordinates.member(type_name, name)
    changes: list[Change] = []

    def add(kind: ChangeType, message: str, criticality: Criticality = Criticality.SAFE) -> None:
        changes.append(Change(type=kind, criticality=criticality, coordinate=at, message=message))

    old_description = old.description if old else None
    if texts_differ(old_description, new.description):
        if old_description is None:
            add(
                ChangeType.FIELD_DESCRIPTION_ADDED,
                f"Field '{at}' has description {quote(new.description)}",
            )
        elif new.description is None:
            add(
                ChangeType.FIELD_DESCRIPTION_REMOVED,
                f"Field '{at}' lost description {quote(old_description)}",
            )
        else:
            add(
                ChangeType.FIELD_DESCRIPTION_CHANGED,
                f"Description of field '{at}' changed from {quote(old_description)} to "
                f"{quote(new.description)}",
            )
    was_deprecated = old is not None and is_deprecated(
        old.deprecation_reason, directives_of(old.ast_node)
    )
    now_deprecated = is_deprecated(new.deprecation_reason, directives_of(new.ast_node))
    if now_deprecated and not was_deprecated:
        add(
            ChangeType.FIELD_DEPRECATION_ADDED,
            f"Field '{at}' was deprecated: {quote(new.deprecation_reason)}",
        )
    elif was_deprecated and not now_deprecated:
        add(ChangeType.FIELD_DEPRECATION_REMOVED, f"Field '{at}' is no longer deprecated")
    elif old and was_deprecated and texts_differ(old.deprecation_reason, new.deprecation_reason):
        before, after = quote(old.deprecation_reason), quote(new.deprecation_reason)
        if is_default_reason(old.deprecation_reason):
            add(
                ChangeType.FIELD_DEPRECATION_REASON_ADDED,
                f"Field '{at}' is deprecated with reason {after} (was {before})",
            )
        elif is_default_reason(new.deprecation_reason):
            add(
                ChangeType.FIELD_DEPRECATION_REASON_REMOVED,
                f"Field '{at}' is deprecated without its reason {before}",
            )
        else:
            add(
                ChangeType.FIELD_DEPRECATION_REASON_CHANGED,
                f"Deprecation reason of field '{at}' changed from {before} to {after}",
            )
    if old is not None and str(old.type) != str(new.type):
        safe = is_safe_output_change(old.type, new.type)
        changes.append(
            Change(
                type=ChangeType.FIELD_TYPE_CHANGED,
                criticality=Criticality.SAFE if safe else Criticality.BREAKING,
                coordinate=at,
                message=f"Type of field '{at}' changed from '{old.type}' to '{new.type}'",
                reason=None
                if safe
                else "Clients may receive values (such as null) or shapes they do not expect.",
            )
        )
    arguments = pair_named_maps(old.args if old else {}, new.args)
    for arg_name, argument in arguments.added:
        changes.append(_argument_added(type_name, name, arg_name, argument, new_field=old is None))
    for arg_name, argument in arguments.removed:
        where = coordinates.argument(type_name, name, arg_name)
        changes.append(
            Change(
                type=ChangeType.FIELD_ARGUMENT_REMOVED,
                criticality=Criticality.BREAKING,
                coordinate=where,
                message=f"Argument '{where}' of type '{argument.type}' was removed",
                reason="Operations that pass the argument no longer validate.",
            )
        )
    for (arg_name, before_arg), (_, after_arg) in arguments.mutual:
        changes += _argument(type_name, name, arg_name, before_arg, after_arg)
    changes += applied_directives(
        Site.FIELD,
        at,
        directives_of(old.ast_node) if old else (),
        directives_of(new.ast_node),
        new_element=old is None,
    )
    return changes


def _argument_added(
    type_name: str, field: str, name: str, argument: GraphQLArgument, *, new_field: bool
) -> Change:
    at = coordinates.argument(type_name, field, name)
    required = isinstance(argument.type, GraphQLNonNull) and not has_default(argument)
    if new_field:
        criticality, reason = Criticality.SAFE, None
    elif required:
        criticality, reason = (
            Criticality.BREAKING,
            "Existing operations do not pass the new required argument.",
        )
    else:
        criticality = Criticality.DANGEROUS
        reason = (
            "The field may now behave differently for operations that do not pass the argument."
        )
    default = f" with default {describe_default(argument)}" if has_default(argument) else ""
    return Change(
        type=ChangeType.FIELD_ARGUMENT_ADDED,
        criticality=criticality,
        coordinate=at,
        message=f"Argument '{at}' of type '{argument.type}'{default} was added",
        reason=reason,
    )


def _argument(
    type_name: str, field: str, name: str, old: GraphQLArgument, new: GraphQLArgument
) -> list[Change]:
    at = coordinates.argument(type_name, field, name)
    changes: list[Change] = []
    if texts_differ(old.description, new.description):
        changes.append(
            Change(
                type=ChangeType.FIELD_ARGUMENT_DESCRIPTION_CHANGED,
                criticality=Criticality.SAFE,
                coordinate=at,
                message=f"Description of argument '{at}' changed from {quote(old.description)} "
                f"to {quote(new.description)}",
            )
        )
    if not same_default(old, new):
        changes.append(
            Change(
                type=ChangeType.FIELD_ARGUMENT_DEFAULT_CHANGED,
                criticality=Criticality.DANGEROUS,
                coordinate=at,
                message=f"Default value of argument '{at}' changed from {describe_default(old)} "
                f"to {describe_default(new)}",
                reason="Operations that omit the argument now get another value.",
            )
        )
    if str(old.type) != str(new.type):
        safe = is_safe_input_change(old.type, new.type)
        changes.append(
            Change(
                type=ChangeType.FIELD_ARGUMENT_TYPE_CHANGED,
                criticality=Criticality.SAFE if safe else Criticality.BREAKING,
                coordinate=at,
                message=f"Type of argument '{at}' changed from '{old.type}' to '{new.type}'",
                reason=None if safe else "Values that operations pass may no longer be accepted.",
            )
        )
    changes += applied_directives(
        Site.ARGUMENT, at, directives_of(old.ast_node), directives_of(new.ast_node)
    )
    return changes
