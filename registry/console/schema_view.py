"""What the schema explorer shows of a supergraph: its API types, fields, descriptions,
deprecations and the subgraphs that resolve each field (from `@join__type` / `@join__field`)."""

from __future__ import annotations

from dataclasses import dataclass

from graphql import (
    ConstValueNode,
    DirectiveNode,
    EnumTypeDefinitionNode,
    InputObjectTypeDefinitionNode,
    InterfaceTypeDefinitionNode,
    ObjectTypeDefinitionNode,
    ScalarTypeDefinitionNode,
    StringValueNode,
    UnionTypeDefinitionNode,
    parse,
    print_ast,
)

__all__ = ["FieldView", "TypeView", "schema_view"]


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldView:
    name: str
    type: str
    arguments: str
    description: str | None
    deprecated: str | None  # the reason, when deprecated
    owners: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class TypeView:
    kind: str
    name: str
    description: str | None
    owners: tuple[str, ...]
    fields: tuple[FieldView, ...]


def _argument(directive: DirectiveNode, name: str) -> ConstValueNode | None:
    for argument in directive.arguments:
        if argument.name.value == name:
            return argument.value  # type: ignore[return-value]
    return None


def _directives(node: object, name: str) -> list[DirectiveNode]:
    found = getattr(node, "directives", None) or ()
    return [d for d in found if d.name.value == name]


def _deprecation(node: object) -> str | None:
    for directive in _directives(node, "deprecated"):
        reason = _argument(directive, "reason")
        return reason.value if isinstance(reason, StringValueNode) else "No longer supported"
    return None


def _graph_names(document_definitions: object) -> dict[str, str]:
    """join__Graph enum value → subgraph name."""
    names: dict[str, str] = {}
    for definition in document_definitions:  # type: ignore[attr-defined]
        if (
            isinstance(definition, EnumTypeDefinitionNode)
            and definition.name.value == "join__Graph"
        ):
            for value in definition.values or ():
                for directive in _directives(value, "join__graph"):
                    name = _argument(directive, "name")
                    if isinstance(name, StringValueNode):
                        names[value.name.value] = name.value
    return names


def _graphs(node: object, directive_name: str, names: dict[str, str]) -> tuple[str, ...]:
    out: list[str] = []
    for directive in _directives(node, directive_name):
        graph = _argument(directive, "graph")
        external = _argument(directive, "external")
        if external is not None and getattr(external, "value", False) is True:
            continue
        if graph is not None:
            label = names.get(getattr(graph, "value", ""), getattr(graph, "value", ""))
            if label not in out:
                out.append(label)
    return tuple(out)


def schema_view(supergraph_sdl: str) -> tuple[TypeView, ...]:
    """The API types of the supergraph, by name (join and link machinery and @inaccessible
    elements left out)."""
    document = parse(supergraph_sdl)
    names = _graph_names(document.definitions)
    types: list[TypeView] = []
    for node in document.definitions:
        kinds: dict[type, str] = {
            ObjectTypeDefinitionNode: "type",
            InterfaceTypeDefinitionNode: "interface",
            InputObjectTypeDefinitionNode: "input",
            EnumTypeDefinitionNode: "enum",
            UnionTypeDefinitionNode: "union",
            ScalarTypeDefinitionNode: "scalar",
        }
        kind = kinds.get(type(node))
        if kind is None:
            continue
        name = node.name.value  # type: ignore[attr-defined]
        # `x__Name` types come with a linked spec (join, link, requiresScopes, policy…).
        if "__" in name or _directives(node, "inaccessible"):
            continue
        owners = _graphs(node, "join__type", names)
        fields: list[FieldView] = []
        if isinstance(node, EnumTypeDefinitionNode):
            for value in node.values or ():
                if _directives(value, "inaccessible"):
                    continue
                fields.append(
                    FieldView(
                        name=value.name.value,
                        type="",
                        arguments="",
                        description=value.description.value if value.description else None,
                        deprecated=_deprecation(value),
                        owners=_graphs(value, "join__enumValue", names),
                    )
                )
        elif isinstance(node, UnionTypeDefinitionNode):
            for member in node.types or ():
                fields.append(
                    FieldView(
                        name=member.name.value,
                        type="",
                        arguments="",
                        description=None,
                        deprecated=None,
                        owners=(),
                    )
                )
        else:
            for field in getattr(node, "fields", None) or ():
                if _directives(field, "inaccessible"):
                    continue
                arguments = ", ".join(
                    print_ast(a)
                    for a in getattr(field, "arguments", None) or ()
                    if not _directives(a, "inaccessible")
                )
                joined = _directives(field, "join__field")
                fields.append(
                    FieldView(
                        name=field.name.value,
                        type=print_ast(field.type),
                        arguments=arguments,
                        description=field.description.value if field.description else None,
                        deprecated=_deprecation(field),
                        owners=_graphs(field, "join__field", names) if joined else owners,
                    )
                )
        types.append(
            TypeView(
                kind=kind,
                name=name,
                description=node.description.value if node.description else None,  # type: ignore[attr-defined]
                owners=owners,
                fields=tuple(fields),
            )
        )
    return tuple(sorted(types, key=lambda t: t.name))
