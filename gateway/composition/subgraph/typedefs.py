"""Assembling a subgraph type from its definition and extension nodes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol, cast

from graphql import (
    ConstDirectiveNode,
    EnumTypeDefinitionNode,
    EnumTypeExtensionNode,
    InputObjectTypeDefinitionNode,
    InputObjectTypeExtensionNode,
    InputValueDefinitionNode,
    InterfaceTypeDefinitionNode,
    InterfaceTypeExtensionNode,
    Node,
    ObjectTypeDefinitionNode,
    ObjectTypeExtensionNode,
    ScalarTypeDefinitionNode,
    ScalarTypeExtensionNode,
    TypeDefinitionNode,
    TypeExtensionNode,
    UnionTypeDefinitionNode,
    UnionTypeExtensionNode,
)

from gateway.composition.errors import Location
from gateway.composition.subgraph.model import (
    Applied,
    EnumValue,
    Field,
    InputValue,
    Kind,
    TypeDef,
    has_fed,
)

__all__ = ["FEDERATION_TYPES", "KIND_OF", "Pieces", "assemble"]

FEDERATION_TYPES = frozenset(
    {"_Service", "_Any", "_Entity", "_FieldSet", "FieldSet", "_Scope", "Scope", "Policy"}
)
KIND_OF: dict[type, Kind] = {
    ObjectTypeDefinitionNode: Kind.OBJECT,
    ObjectTypeExtensionNode: Kind.OBJECT,
    InterfaceTypeDefinitionNode: Kind.INTERFACE,
    InterfaceTypeExtensionNode: Kind.INTERFACE,
    UnionTypeDefinitionNode: Kind.UNION,
    UnionTypeExtensionNode: Kind.UNION,
    EnumTypeDefinitionNode: Kind.ENUM,
    EnumTypeExtensionNode: Kind.ENUM,
    InputObjectTypeDefinitionNode: Kind.INPUT_OBJECT,
    InputObjectTypeExtensionNode: Kind.INPUT_OBJECT,
    ScalarTypeDefinitionNode: Kind.SCALAR,
    ScalarTypeExtensionNode: Kind.SCALAR,
}


class NodeConverter(Protocol):
    """Turns one subgraph's syntax nodes into model values, applying its root type renames."""

    renames: dict[str, str]

    def loc(self, node: Node | None) -> Location | None: ...
    def type_ref(self, node: Node) -> str: ...
    def directives(
        self, nodes: Sequence[ConstDirectiveNode] | None, on_extension: bool = False
    ) -> tuple[Applied, ...]: ...
    def input_value(self, node: InputValueDefinitionNode) -> InputValue: ...


@dataclass(slots=True)
class Pieces:
    """The definition and extension nodes seen for one type name (a build-time accumulator)."""

    kind: Kind
    nodes: list[TypeDefinitionNode | TypeExtensionNode] = field(default_factory=list)


def assemble(converter: NodeConverter, name: str, pieces: Pieces) -> TypeDef:
    description: str | None = None
    directives: list[Applied] = []
    fields: list[Field] = []
    input_fields: list[InputValue] = []
    values: list[EnumValue] = []
    members: list[str] = []
    interfaces: list[str] = []
    has_definition = False
    has_extension = False
    loc = None
    # Apollo's schema lists the definition's elements before those of its extensions, whatever
    # the document order.
    ordered = sorted(pieces.nodes, key=lambda n: isinstance(n, TypeExtensionNode))
    for node in ordered:
        is_ext = isinstance(node, TypeExtensionNode)
        node_directives = converter.directives(
            cast(Sequence[ConstDirectiveNode], node.directives or ()), on_extension=is_ext
        )
        if is_ext or has_fed(node_directives, "extends"):
            has_extension = True
        else:
            has_definition = True
        if loc is None or not is_ext:
            loc = converter.loc(node)
        if isinstance(node, TypeDefinitionNode) and node.description and description is None:
            description = node.description.value
        directives.extend(node_directives)
        for f in getattr(node, "fields", None) or ():
            if isinstance(f, InputValueDefinitionNode):
                input_fields.append(converter.input_value(f))
                continue
            fields.append(
                Field(
                    name=f.name.value,
                    type=converter.type_ref(f.type),
                    args=tuple(converter.input_value(a) for a in f.arguments or ()),
                    description=f.description.value if f.description else None,
                    directives=converter.directives(f.directives),
                    on_extension=is_ext,
                    loc=converter.loc(f),
                )
            )
        for v in getattr(node, "values", None) or ():
            values.append(
                EnumValue(
                    name=v.name.value,
                    description=v.description.value if v.description else None,
                    directives=converter.directives(v.directives),
                    loc=converter.loc(v),
                )
            )
        for t in getattr(node, "types", None) or ():
            members.append(converter.renames.get(t.name.value, t.name.value))
        for i in getattr(node, "interfaces", None) or ():
            interfaces.append(i.name.value)
    if name in ("Query", "Mutation", "Subscription") and pieces.kind is Kind.OBJECT:
        fields = [f for f in fields if f.name not in ("_service", "_entities")]
    return TypeDef(
        kind=pieces.kind,
        name=name,
        description=description,
        directives=tuple(directives),
        fields=tuple(fields),
        input_fields=tuple(input_fields),
        values=tuple(values),
        members=tuple(dict.fromkeys(members)),
        interfaces=tuple(dict.fromkeys(interfaces)),
        has_definition=has_definition,
        has_extension=has_extension,
        loc=loc,
    )
