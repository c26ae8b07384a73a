"""`DirectiveAuthorizer`: removes from an operation every selection its caller may not see.

A field goes when its own rule, its return type's rule (or, on a root field, the root type's)
is not met; an inline fragment or fragment spread goes when its type condition's rule is not
met.  Each removal is one error, "Unauthorized field or type" with code
UNAUTHORIZED_FIELD_OR_TYPE, whose `path` is the response path of the removed selection, with
"@" standing for "every element" of a list (Apollo Router's convention: the filter runs before
any data exists).  A selection set left empty keeps `__typename` so the document stays valid.
The pipeline plans the filtered document and shapes with the client's, so removed fields come
back null and the rest of the response stands.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    InlineFragmentNode,
    NameNode,
    OperationDefinitionNode,
    SelectionNode,
    SelectionSetNode,
    get_named_type,
    get_operation_ast,
)

from gateway.config import AuthConfig
from gateway.formatted_error import GraphQLFormattedError
from gateway.operation.fragments import fragments_of
from gateway.policy.auth.requirements import AccessRules, Requirement
from gateway.request import Authorization, RequestContext
from gateway.supergraph import Supergraph

__all__ = ["UNAUTHORIZED_CODE", "UNAUTHORIZED_MESSAGE", "DirectiveAuthorizer"]

UNAUTHORIZED_CODE = "UNAUTHORIZED_FIELD_OR_TYPE"
UNAUTHORIZED_MESSAGE = "Unauthorized field or type"
_TYPENAME = SelectionSetNode(selections=(FieldNode(name=NameNode(value="__typename")),))

Path = tuple[str, ...]


class DirectiveAuthorizer:
    """Enforces `@authenticated` and `@requiresScopes` (and refuses `@policy`) of a supergraph."""

    def __init__(self, supergraph: Supergraph, config: AuthConfig) -> None:
        self._rules = AccessRules(supergraph)
        self._schema = supergraph.api_schema
        self._enabled = config.enforce_directives and not self._rules.empty

    def key(self, context: RequestContext) -> Hashable:
        """Only what decides the outcome: signed in or not, and the scopes the schema names."""
        if not self._enabled:
            return None
        return (context.authenticated, context.scopes & self._rules.scopes)

    def authorize(
        self, document: DocumentNode, operation_name: str | None, context: RequestContext
    ) -> Authorization:
        if not self._enabled:
            return Authorization(document=document)
        operation = get_operation_ast(document, operation_name)
        root = None if operation is None else self._schema.get_root_type(operation.operation)
        if operation is None or root is None:
            return Authorization(document=document)
        walk = _Walk(
            schema=self._schema,
            rules=self._rules,
            authenticated=context.authenticated,
            scopes=context.scopes,
            fragments=fragments_of(document),
        )
        selections = walk.selection_set(operation.selection_set, root, ())
        if not walk.errors:
            return Authorization(document=document)
        kept_operation = OperationDefinitionNode(
            operation=operation.operation,
            name=operation.name,
            variable_definitions=operation.variable_definitions,
            directives=operation.directives,
            selection_set=selections,
        )
        definitions = [kept_operation] + [
            walk.filtered[d.name.value]
            for d in document.definitions
            if isinstance(d, FragmentDefinitionNode) and d.name.value in walk.filtered
        ]
        return Authorization(
            document=DocumentNode(definitions=tuple(definitions)), errors=tuple(walk.errors)
        )


@dataclass(slots=True, kw_only=True)
class _Walk:
    schema: GraphQLSchema
    rules: AccessRules
    authenticated: bool
    scopes: frozenset[str]
    fragments: dict[str, FragmentDefinitionNode]
    filtered: dict[str, FragmentDefinitionNode] = field(default_factory=dict)
    errors: list[GraphQLFormattedError] = field(default_factory=list)

    def allows(self, rule: Requirement) -> bool:
        return rule.allows(authenticated=self.authenticated, scopes=self.scopes)

    def refuse(self, path: Path) -> None:
        self.errors.append(
            {
                "message": UNAUTHORIZED_MESSAGE,
                "path": list(path),
                "extensions": {"code": UNAUTHORIZED_CODE},
            }
        )

    def selection_set(
        self, selection_set: SelectionSetNode, parent: Any, path: Path
    ) -> SelectionSetNode:
        before = len(self.errors)
        kept: list[SelectionNode] = []
        changed = False
        for selection in selection_set.selections:
            result = self.selection(selection, parent, path)
            if result is not selection:
                changed = True
            if result is not None:
                kept.append(result)
        if not changed and len(self.errors) == before:
            return selection_set
        return SelectionSetNode(selections=tuple(kept)) if kept else _TYPENAME

    def selection(self, node: SelectionNode, parent: Any, path: Path) -> SelectionNode | None:
        match node:
            case FieldNode():
                return self.field(node, parent, path)
            case InlineFragmentNode():
                condition = parent
                if node.type_condition is not None:
                    condition = self.schema.get_type(node.type_condition.name.value) or parent
                    if not self.allows(self.rules.of_type(condition.name)):
                        self.refuse(path)
                        return None
                inner = self.selection_set(node.selection_set, condition, path)
                if inner is node.selection_set:
                    return node
                return InlineFragmentNode(
                    type_condition=node.type_condition,
                    directives=node.directives,
                    selection_set=inner,
                )
            case FragmentSpreadNode():
                name = node.name.value
                fragment = self.fragments.get(name)
                if fragment is None:
                    return node
                condition = self.schema.get_type(fragment.type_condition.name.value) or parent
                if not self.allows(self.rules.of_type(condition.name)):
                    self.refuse(path)
                    return None
                # Rules depend on types only, so every use filters the fragment the same way;
                # walking it at each use gives each use's errors their own paths.
                inner = self.selection_set(fragment.selection_set, condition, path)
                self.filtered[name] = (
                    fragment
                    if inner is fragment.selection_set
                    else FragmentDefinitionNode(
                        name=fragment.name,
                        variable_definitions=fragment.variable_definitions,
                        type_condition=fragment.type_condition,
                        directives=fragment.directives,
                        selection_set=inner,
                    )
                )
                return node
        return node

    def field(self, node: FieldNode, parent: Any, path: Path) -> FieldNode | None:
        name = node.name.value
        if name.startswith("__") or not isinstance(
            parent, GraphQLObjectType | GraphQLInterfaceType
        ):
            return node
        definition = parent.fields.get(name)
        if definition is None:
            return node
        returns = get_named_type(definition.type)
        key = node.alias.value if node.alias is not None else name
        if not self.allows(self.rules.of_field(parent.name, name, returns.name)):
            self.refuse((*path, key))
            return None
        if node.selection_set is None:
            return node
        inner_path = (*path, key, *("@",) * _list_depth(definition.type))
        inner = self.selection_set(node.selection_set, returns, inner_path)
        if inner is node.selection_set:
            return node
        return FieldNode(
            alias=node.alias,
            name=node.name,
            arguments=node.arguments,
            directives=node.directives,
            selection_set=inner,
        )


def _list_depth(type_: GraphQLOutputType) -> int:
    depth = 0
    while True:
        if isinstance(type_, GraphQLNonNull):
            type_ = type_.of_type
        elif isinstance(type_, GraphQLList):
            depth += 1
            type_ = type_.of_type
        else:
            return depth
