"""Directive definitions: added, removed, description, locations, repeatable, arguments.

The specified directives (`@skip`, `@include`, `@deprecated`, `@specifiedBy`, `@oneOf`) are
part of every schema and never compared.
"""

from __future__ import annotations

from graphql import GraphQLArgument, GraphQLDirective, GraphQLNonNull, is_specified_directive

from registry.changes import coordinates
from registry.changes.compare import pair_by_name, pair_named_maps, quote, texts_differ
from registry.changes.model import Change, ChangeType, Criticality
from registry.changes.values import (
    describe_default,
    has_default,
    is_safe_input_change,
    same_default,
)

__all__ = ["directive_changes"]


def directive_changes(
    old: tuple[GraphQLDirective, ...], new: tuple[GraphQLDirective, ...]
) -> list[Change]:
    changes: list[Change] = []
    pairing = pair_by_name(
        [d for d in old if not is_specified_directive(d)],
        [d for d in new if not is_specified_directive(d)],
    )
    for directive in pairing.removed:
        changes.append(
            Change(
                type=ChangeType.DIRECTIVE_REMOVED,
                criticality=Criticality.BREAKING,
                coordinate=coordinates.directive(directive.name),
                message=f"Directive '@{directive.name}' was removed",
                reason="Documents that use the directive no longer validate.",
            )
        )
    for directive in pairing.added:
        locations = " | ".join(location.name for location in directive.locations)
        changes.append(
            Change(
                type=ChangeType.DIRECTIVE_ADDED,
                criticality=Criticality.SAFE,
                coordinate=coordinates.directive(directive.name),
                message=f"Directive '@{directive.name}' was added (on {locations})",
            )
        )
        changes += _definition(None, directive)
    for before, after in pairing.mutual:
        changes += _definition(before, after)
    return changes


def _definition(old: GraphQLDirective | None, new: GraphQLDirective) -> list[Change]:
    """What changed in a directive's definition; for a new directive (`old` None), what it has."""
    at = coordinates.directive(new.name)
    changes: list[Change] = []

    def add(
        kind: ChangeType, criticality: Criticality, message: str, reason: str | None = None
    ) -> None:
        changes.append(
            Change(
                type=kind, criticality=criticality, coordinate=at, message=message, reason=reason
            )
        )

    old_description = old.description if old else None
    if texts_differ(old_description, new.description):
        add(
            ChangeType.DIRECTIVE_DESCRIPTION_CHANGED,
            Criticality.SAFE,
            f"Description of '{at}' changed from {quote(old_description)} "
            f"to {quote(new.description)}",
        )
    was_repeatable = bool(old and old.is_repeatable)
    if was_repeatable and not new.is_repeatable:
        add(
            ChangeType.DIRECTIVE_REPEATABLE_REMOVED,
            Criticality.DANGEROUS,
            f"Directive '{at}' is no longer repeatable",
            "Documents that apply the directive more than once at one place no longer validate.",
        )
    if new.is_repeatable and not was_repeatable:
        add(
            ChangeType.DIRECTIVE_REPEATABLE_ADDED,
            Criticality.SAFE,
            f"Directive '{at}' is now repeatable",
        )
    old_locations = old.locations if old else ()
    for location in new.locations:
        if location not in old_locations:
            add(
                ChangeType.DIRECTIVE_LOCATION_ADDED,
                Criticality.SAFE,
                f"Directive '{at}' may now be used on {location.name}",
            )
    for location in old_locations:
        if location not in new.locations:
            add(
                ChangeType.DIRECTIVE_LOCATION_REMOVED,
                Criticality.BREAKING,
                f"Directive '{at}' may no longer be used on {location.name}",
                "Documents that use the directive at that location no longer validate.",
            )
    arguments = pair_named_maps(old.args if old else {}, new.args)
    for name, argument in arguments.added:
        changes.append(_argument_added(new.name, name, argument, new_directive=old is None))
    for name, argument in arguments.removed:
        changes.append(
            Change(
                type=ChangeType.DIRECTIVE_ARGUMENT_REMOVED,
                criticality=Criticality.BREAKING,
                coordinate=coordinates.directive_argument(new.name, name),
                message=f"Argument '{coordinates.directive_argument(new.name, name)}' "
                f"of type '{argument.type}' was removed",
                reason="Uses of the directive that pass the argument no longer validate.",
            )
        )
    for (name, before), (_, after) in arguments.mutual:
        changes += _argument(new.name, name, before, after)
    return changes


def _argument_added(
    directive: str, name: str, argument: GraphQLArgument, *, new_directive: bool
) -> Change:
    # Required means non-null without a default, as in the spec's validation; graphql-inspector
    # ignores the default here (unlike for field arguments): see the corpus adjudications.
    required = isinstance(argument.type, GraphQLNonNull) and not has_default(argument)
    breaking = required and not new_directive
    at = coordinates.directive_argument(directive, name)
    default = f" with default {describe_default(argument)}" if has_default(argument) else ""
    return Change(
        type=ChangeType.DIRECTIVE_ARGUMENT_ADDED,
        criticality=Criticality.BREAKING if breaking else Criticality.SAFE,
        coordinate=at,
        message=f"Argument '{at}' of type '{argument.type}'{default} was added",
        reason="Existing uses of the directive do not pass the new required argument."
        if breaking
        else None,
    )


def _argument(
    directive: str, name: str, old: GraphQLArgument, new: GraphQLArgument
) -> list[Change]:
    at = coordinates.directive_argument(directive, name)
    changes: list[Change] = []
    if texts_differ(old.description, new.description):
        changes.append(
            Change(
                type=ChangeType.DIRECTIVE_ARGUMENT_DESCRIPTION_CHANGED,
                criticality=Criticality.SAFE,
                coordinate=at,
                message=f"Description of '{at}' changed from {quote(old.description)} "
                f"to {quote(new.description)}",
            )
        )
    if not same_default(old, new):
        changes.append(
            Change(
                type=ChangeType.DIRECTIVE_ARGUMENT_DEFAULT_VALUE_CHANGED,
                criticality=Criticality.DANGEROUS,
                coordinate=at,
                message=f"Default value of '{at}' changed from {describe_default(old)} "
                f"to {describe_default(new)}",
                reason="Uses of the directive that omit the argument now get another value.",
            )
        )
    if str(old.type) != str(new.type):
        safe = is_safe_input_change(old.type, new.type)
        changes.append(
            Change(
                type=ChangeType.DIRECTIVE_ARGUMENT_TYPE_CHANGED,
                criticality=Criticality.SAFE if safe else Criticality.BREAKING,
                coordinate=at,
                message=f"Type of '{at}' changed from '{old.type}' to '{new.type}'",
                reason=None
                if safe
                else "Values that uses of the directive pass may no longer be accepted.",
            )
        )
    return changes
