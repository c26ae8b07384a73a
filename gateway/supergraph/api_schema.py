"""The client-facing API schema: the supergraph minus join/link machinery and `@inaccessible`."""

from __future__ import annotations

from typing import Any

from graphql import (
    DirectiveDefinitionNode,
    DocumentNode,
    GraphQLSchema,
    NamedTypeNode,
    SchemaDefinitionNode,
    SchemaExtensionNode,
    TypeDefinitionNode,
    TypeExtensionNode,
    build_ast_schema,
    parse,
)
from graphql.language import ListTypeNode, NonNullTypeNode, TypeNode

from gateway.supergraph.links import SpecNames

__all__ = ["build_api_schema"]


def _named(type_node: TypeNode) -> str:
    while isinstance(type_node, ListTypeNode | NonNullTypeNode):
        type_node = type_node.type
    assert isinstance(type_node, NamedTypeNode)
    return type_node.name.value


def build_api_schema(document: DocumentNode, names: SpecNames) -> GraphQLSchema:
    """Strip machinery definitions and usages, and every `@inaccessible` element."""
    inaccessible = names.inaccessible

    def hidden(node: Any) -> bool:
        return inaccessible is not None and any(
            d.name.value == inaccessible for d in node.directives or ()
        )

    def keep_directive(d: Any) -> bool:
        return not names.is_machinery(d.name.value)

    hidden_types: set[str] = set()
    for definition in document.definitions:
        if isinstance(definition, TypeDefinitionNode | TypeExtensionNode) and (
            names.is_machinery(definition.name.value) or hidden(definition)
        ):
            hidden_types.add(definition.name.value)

    def visible_type(type_node: TypeNode) -> bool:
        return _named(type_node) not in hidden_types

    definitions: list[Any] = []
    for definition in document.definitions:
        if isinstance(definition, SchemaExtensionNode):
            continue
        if isinstance(definition, SchemaDefinitionNode):
            ops = tuple(
                op for op in definition.operation_types if op.type.name.value not in hidden_types
            )
            definitions.append(
                definition.__class__(
                    description=definition.description,
                    directives=tuple(filter(keep_directive, definition.directives or ())),
                    operation_types=ops,
                )
            )
            continue
        if isinstance(definition, DirectiveDefinitionNode):
            if not names.is_machinery(definition.name.value):
                definitions.append(definition)
            continue
        if not isinstance(definition, TypeDefinitionNode | TypeExtensionNode):
            continue
        if definition.name.value in hidden_types:
            continue
        changes: dict[str, Any] = {
            "directives": tuple(filter(keep_directive, definition.directives or ()))
        }
        fields = getattr(definition, "fields", None)
        if fields is not None:
            changes["fields"] = tuple(
                _strip_field(f, hidden, keep_directive, visible_type)
                for f in fields
                if not hidden(f) and visible_type(f.type)
            )
        values = getattr(definition, "values", None)
        if values is not None:
            changes["values"] = tuple(
                _copy(v, directives=tuple(filter(keep_directive, v.directives or ())))
                for v in values
                if not hidden(v)
            )
        interfaces = getattr(definition, "interfaces", None)
        if interfaces is not None:
            changes["interfaces"] = tuple(i for i in interfaces if i.name.value not in hidden_types)
        members = getattr(definition, "types", None)
        if members is not None:
            changes["types"] = tuple(m for m in members if m.name.value not in hidden_types)
        definitions.append(_copy(definition, **changes))
    if not any(
        isinstance(d, DirectiveDefinitionNode) and d.name.value == "defer" for d in definitions
    ):
        # Incremental delivery: the gateway answers `@defer` itself (subgraphs never see it).
        definitions.append(_DEFER_DEFINITION)
    # Roots referenced only implicitly (no schema definition) keep graphql-core's defaults.
    return build_ast_schema(DocumentNode(definitions=tuple(definitions)), assume_valid_sdl=True)


_DEFER_DEFINITION = parse(
    "directive @defer(label: String, if: Boolean! = true) on FRAGMENT_SPREAD | INLINE_FRAGMENT"
).definitions[0]


def _strip_field(field: Any, hidden: Any, keep_directive: Any, visible_type: Any) -> Any:
    changes: dict[str, Any] = {"directives": tuple(filter(keep_directive, field.directives or ()))}
    arguments = getattr(field, "arguments", None)
    if arguments is not None:
        changes["arguments"] = tuple(
            _copy(a, directives=tuple(filter(keep_directive, a.directives or ())))
            for a in arguments
            if not hidden(a) and visible_type(a.type)
        )
    return _copy(field, **changes)


def _copy(node: Any, **changes: Any) -> Any:
    values = {key: getattr(node, key) for key in node.keys if key != "loc"}
    values.update(changes)
    return node.__class__(**values)
