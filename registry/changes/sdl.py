"""Schemas from SDL text, as subgraphs and supergraphs write it.

Directives need no definitions (`@key`, `@link` … are compared as written), and a type that
only appears as `extend type X` (Federation 1 subgraphs) is read as if the first extension
were its definition: graphql-core would otherwise drop such a type, or refuse a schema that
refers to it.
"""

from __future__ import annotations

from graphql import (
    DocumentNode,
    EnumTypeDefinitionNode,
    EnumTypeExtensionNode,
    GraphQLError,
    GraphQLSchema,
    InputObjectTypeDefinitionNode,
    InputObjectTypeExtensionNode,
    InterfaceTypeDefinitionNode,
    InterfaceTypeExtensionNode,
    ObjectTypeDefinitionNode,
    ObjectTypeExtensionNode,
    ScalarTypeDefinitionNode,
    ScalarTypeExtensionNode,
    TypeDefinitionNode,
    TypeExtensionNode,
    UnionTypeDefinitionNode,
    UnionTypeExtensionNode,
    build_ast_schema,
    parse,
    specified_scalar_types,
)

from registry.changes.model import Change
from registry.changes.schema import diff_schemas

__all__ = ["InvalidSchemaError", "build_sdl", "diff_sdl"]


class InvalidSchemaError(ValueError):
    """The SDL of one side cannot be parsed or built into a schema."""

    def __init__(self, side: str, detail: str) -> None:
        super().__init__(f"{side} schema: {detail}")
        self.side = side
        self.detail = detail


def diff_sdl(old: str, new: str) -> list[Change]:
    """`diff_schemas` over two SDL texts; raises `InvalidSchemaError` naming the bad side."""
    return diff_schemas(build_sdl(old, side="old"), build_sdl(new, side="new"))


def build_sdl(sdl: str, *, side: str = "the") -> GraphQLSchema:
    try:
        document = parse(sdl)
        return build_ast_schema(_define_orphan_extensions(document), assume_valid_sdl=True)
    except (GraphQLError, TypeError) as error:
        raise InvalidSchemaError(side, str(error)) from error


_DEFINITION_OF: dict[type[TypeExtensionNode], type[TypeDefinitionNode]] = {
    ObjectTypeExtensionNode: ObjectTypeDefinitionNode,
    InterfaceTypeExtensionNode: InterfaceTypeDefinitionNode,
    UnionTypeExtensionNode: UnionTypeDefinitionNode,
    EnumTypeExtensionNode: EnumTypeDefinitionNode,
    InputObjectTypeExtensionNode: InputObjectTypeDefinitionNode,
    ScalarTypeExtensionNode: ScalarTypeDefinitionNode,
}


def _define_orphan_extensions(document: DocumentNode) -> DocumentNode:
    defined = set(specified_scalar_types) | {
        node.name.value for node in document.definitions if isinstance(node, TypeDefinitionNode)
    }
    definitions = []
    for node in document.definitions:
        if isinstance(node, TypeExtensionNode) and node.name.value not in defined:
            defined.add(node.name.value)
            fields = {key: getattr(node, key) for key in node.keys if key != "loc"}
            node = _DEFINITION_OF[type(node)](**fields, loc=node.loc)
        definitions.append(node)
    return DocumentNode(definitions=tuple(definitions), loc=document.loc)
