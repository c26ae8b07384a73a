"""Access rules of a supergraph: what `@authenticated`, `@requiresScopes` and `@policy` on its
fields, objects, interfaces, scalars and enums demand of a caller.

`@requiresScopes(scopes: [["a", "b"], ["c"]])` is an OR of AND-lists: "a and b, or c".  Rules from
several places (the field, its return type, the root type) must all hold.  `@policy` needs a
policy engine this gateway does not have, so it is never satisfied (fail closed, like Apollo
Router without one).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DirectiveNode,
    DocumentNode,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    ListValueNode,
    StringValueNode,
    ValueNode,
)

from gateway.supergraph import Supergraph, SupergraphError
from gateway.supergraph.links import read_links

__all__ = ["AccessRules", "Requirement"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Requirement:
    """What one element demands; `scopes` holds OR-groups of AND-sets, each group must hold."""

    authenticated: bool = False
    scopes: tuple[tuple[frozenset[str], ...], ...] = ()
    denied: bool = False

    def __and__(self, other: Requirement) -> Requirement:
        if other is NONE:
            return self
        if self is NONE:
            return other
        return Requirement(
            authenticated=self.authenticated or other.authenticated,
            scopes=self.scopes + tuple(g for g in other.scopes if g not in self.scopes),
            denied=self.denied or other.denied,
        )

    def allows(self, *, authenticated: bool, scopes: frozenset[str]) -> bool:
        if self.denied or (self.authenticated and not authenticated):
            return False
        return all(any(needed <= scopes for needed in group) for group in self.scopes)


NONE = Requirement()

_DEFAULT_NAMES = {
    "authenticated": "authenticated",
    "requiresScopes": "requiresScopes",
    "policy": "policy",
}


class AccessRules:
    """The requirements of every element of one supergraph, looked up by type and field name."""

    def __init__(self, supergraph: Supergraph) -> None:
        schema = supergraph.schema
        names = _directive_names(schema)
        self._types: dict[str, Requirement] = {}
        self._fields: dict[tuple[str, str], Requirement] = {}
        for type_ in schema.type_map.values():
            if type_.name.startswith("__"):
                continue
            own = _requirement(_directives(type_), names)
            if own is not NONE:
                self._types[type_.name] = own
            if isinstance(type_, GraphQLObjectType | GraphQLInterfaceType):
                for field_name, field in type_.fields.items():
                    nodes = [field.ast_node] if field.ast_node is not None else []
                    required = _requirement(_node_directives(nodes), names)
                    if required is not NONE:
                        self._fields[(type_.name, field_name)] = required
        self._roots = frozenset(
            t.name
            for t in (schema.query_type, schema.mutation_type, schema.subscription_type)
            if t is not None
        )
        self._api = supergraph.api_schema
        self._memo: dict[tuple[str, str, str], Requirement] = {}
        self.scopes: frozenset[str] = frozenset(
            scope
            for rule in (*self._types.values(), *self._fields.values())
            for group in rule.scopes
            for needed in group
            for scope in needed
        )

    @property
    def empty(self) -> bool:
        return not self._types and not self._fields

    def of_type(self, name: str) -> Requirement:
        return self._types.get(name, NONE)

    def of_field(self, parent: str, field: str, returns: str) -> Requirement:
        """The field's own rule, its return type's, the root type's, and for a field selected
        on an interface the rule of that field on every implementation."""
        key = (parent, field, returns)
        found = self._memo.get(key)
        if found is None:
            found = self._fields.get((parent, field), NONE) & self.of_type(returns)
            if parent in self._roots:
                found = found & self.of_type(parent)
            parent_type = self._api.get_type(parent)
            if isinstance(parent_type, GraphQLInterfaceType):
                for implementation in self._api.get_possible_types(parent_type):
                    found = found & self._fields.get((implementation.name, field), NONE)
            self._memo[key] = found
        return found


def _directive_names(schema: GraphQLSchema) -> dict[str, str]:
    """Directive names by spec name, honouring `@link(..., as:)` renames."""
    nodes = [schema.ast_node, *schema.extension_ast_nodes]
    definitions = tuple(node for node in nodes if node is not None)
    try:
        links = read_links(DocumentNode(definitions=definitions)).links
    except SupergraphError:
        return dict(_DEFAULT_NAMES)
    names = dict(_DEFAULT_NAMES)
    for spec in links:
        if spec.apollo and spec.name in names:
            names[spec.name] = spec.prefix
    return names


def _directives(type_: GraphQLNamedType) -> list[DirectiveNode]:
    nodes = [type_.ast_node, *type_.extension_ast_nodes]
    return _node_directives(node for node in nodes if node is not None)


def _node_directives(nodes: Iterable[Any]) -> list[DirectiveNode]:
    return [directive for node in nodes for directive in node.directives or ()]


def _requirement(directives: list[DirectiveNode], names: Mapping[str, str]) -> Requirement:
    required = NONE
    for directive in directives:
        name = directive.name.value
        if name == names["authenticated"]:
            required = required & Requirement(authenticated=True)
        elif name == names["requiresScopes"]:
            required = required & Requirement(scopes=(_scope_groups(directive, "scopes"),))
        elif name == names["policy"]:
            required = required & Requirement(denied=True)
    return required


def _scope_groups(directive: DirectiveNode, argument: str) -> tuple[frozenset[str], ...]:
    for arg in directive.arguments or ():
        if arg.name.value == argument:
            return tuple(frozenset(_strings(inner)) for inner in _items(arg.value))
    # A malformed rule grants nothing: fail closed.
    return ()


def _items(value: ValueNode) -> tuple[ValueNode, ...]:
    return tuple(value.values) if isinstance(value, ListValueNode) else (value,)


def _strings(value: ValueNode) -> list[str]:
    return [v.value for v in _items(value) if isinstance(v, StringValueNode)]
