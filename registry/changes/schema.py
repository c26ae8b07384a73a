"""Two built schemas to the list of their differences: directive definitions, root operation
types, named types and directives applied to the schema itself."""

from __future__ import annotations

from graphql import GraphQLSchema, OperationType

from registry.changes.coordinates import SCHEMA
from registry.changes.directives import directive_changes
from registry.changes.model import Change, ChangeType, Criticality
from registry.changes.named_types import named_type_changes
from registry.changes.usages import Site, applied_directives, directives_of

__all__ = ["diff_schemas"]

_ROOTS = (
    (OperationType.QUERY, ChangeType.SCHEMA_QUERY_TYPE_CHANGED),
    (OperationType.MUTATION, ChangeType.SCHEMA_MUTATION_TYPE_CHANGED),
    (OperationType.SUBSCRIPTION, ChangeType.SCHEMA_SUBSCRIPTION_TYPE_CHANGED),
)


def diff_schemas(old: GraphQLSchema, new: GraphQLSchema) -> list[Change]:
    """Every change from `old` to `new`, sorted by coordinate, then change type, then message.

    Directives on a type are read from its definition and its extensions alike; those on the
    schema from its definition, then each `extend schema` compared with the one at the same
    position.
    """
    changes = directive_changes(old.directives, new.directives)
    changes += _roots(old, new)
    changes += named_type_changes(old.type_map, new.type_map)
    changes += applied_directives(
        Site.SCHEMA, SCHEMA, directives_of(old.ast_node), directives_of(new.ast_node)
    )
    old_extensions, new_extensions = old.extension_ast_nodes, new.extension_ast_nodes
    for index in range(max(len(old_extensions), len(new_extensions))):
        changes += applied_directives(
            Site.SCHEMA,
            SCHEMA,
            directives_of(old_extensions[index]) if index < len(old_extensions) else (),
            directives_of(new_extensions[index]) if index < len(new_extensions) else (),
        )
    return sorted(changes, key=lambda c: (c.coordinate, c.type, c.message))


def _roots(old: GraphQLSchema, new: GraphQLSchema) -> list[Change]:
    """A root type set where there was none is SAFE; changed or removed, BREAKING. The change
    sits at the old root type's coordinate: the operations that use it are the ones affected."""
    changes: list[Change] = []
    for root, kind in _ROOTS:
        operation = root.value
        before_type, after_type = old.get_root_type(root), new.get_root_type(root)
        before = before_type.name if before_type else None
        after = after_type.name if after_type else None
        if before == after:
            continue
        if before is None:
            message = f"The {operation} root type is now '{after}'"
        elif after is None:
            message = f"The schema no longer has a {operation} root type (was '{before}')"
        else:
            message = f"The {operation} root type changed from '{before}' to '{after}'"
        changes.append(
            Change(
                type=kind,
                criticality=Criticality.SAFE if before is None else Criticality.BREAKING,
                coordinate=before or after or SCHEMA,
                message=message,
                reason=None
                if before is None
                else f"Every {operation} operation is now served by another root type, or none.",
            )
        )
    return changes
