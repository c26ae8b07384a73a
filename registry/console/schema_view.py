"""What the schema explorer shows of a supergraph: its API types, fields, descriptions,
deprecations and the subgraphs that resolve each field (from `@join__type` / `@join__field`),
and which of them a search finds."""

from __future__ import annotations

from dataclasses import dataclass, replace

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

__all__ = ["FieldView", "Found", "TypeView", "schema_view", "search"]


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


@dataclass(frozen=True, slots=True, kw_only=True)
class Found:
    """What a search keeps: each type whose name matches with all its members, and each other
    type with a matching member with only those members."""

    types: tuple[TypeView, ...]
    # How many types and members (fields, enum values, input fields, union members) matched.
    type_matches: int
    member_matches: int


def search(views: tuple[TypeView, ...], text: str, *, descriptions: bool = False) -> Found:
    """The types and members whose name holds `text`, ignoring case (with `descriptions`,
    also those whose description holds it)."""
    needle = text.casefold()

    def hit(name: str, description: str | None) -> bool:
        return needle in name.casefold() or (
            descriptions and description is not None and needle in description.casefold()
        )

    kept: list[TypeView] = []
    type_matches = member_matches = 0
    for view in views:
        members = tuple(f for f in view.fields if hit(f.name, f.description))
        member_matches += len(members)
        if hit(view.name, view.description):
            type_matches += 1
            kept.append(view)
        elif members:
            kept.append(replace(view, fields=members))
    return Found(types=tuple(kept), type_matches=type_matches, member_matches=member_matches)
