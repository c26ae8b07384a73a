"""Turning one subgraph's SDL into the normalised `Subgraph` model (or INVALID_GRAPHQL errors)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from graphql import (
    ConstDirectiveNode,
    DirectiveDefinitionNode,
    GraphQLError,
    InputValueDefinitionNode,
    Node,
    SchemaDefinitionNode,
    SchemaExtensionNode,
    Source,
    TypeDefinitionNode,
    TypeExtensionNode,
    parse,
    print_ast,
)

from gateway.composition.errors import CompositionError, Location
from gateway.composition.subgraph.model import (
    Applied,
    DirectiveDef,
    InputValue,
    Kind,
    Subgraph,
    TypeDef,
)
from gateway.composition.subgraph.spec_imports import (
    FEDERATION_DIRECTIVES,
    NameResolver,
    read_link_info,
)
from gateway.composition.subgraph.typedefs import FEDERATION_TYPES, KIND_OF, Pieces, assemble

__all__ = ["build_subgraph"]

BUILTIN_SCALARS = frozenset({"String", "Int", "Float", "Boolean", "ID"})
ROOT_NAMES = {"query": "Query", "mutation": "Mutation", "subscription": "Subscription"}


class _NodeConverter:
    def __init__(self, name: str, source: Source, resolver: NameResolver) -> None:
        self.name = name
        self.source = source
        self.resolver = resolver
        self.renames: dict[str, str] = {}
        # Offsets where lines start, for O(log n) locations (graphql-core's is O(n) per call).
        self.line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|[\n\r]", source.body)]

    def loc(self, node: Node | None) -> Location | None:
        if node is None or node.loc is None:
            return None
        start = node.loc.start
        line = bisect.bisect_right(self.line_starts, start)
        return Location(
            subgraph=self.name, line=line, column=start - self.line_starts[line - 1] + 1
        )

    def type_ref(self, node: Node) -> str:
        text = print_ast(node)
        if not self.renames:
            return text
        base = text.replace("[", "").replace("]", "").replace("!", "")
        return text.replace(base, self.renames.get(base, base))

    def directives(
        self, nodes: Sequence[ConstDirectiveNode] | None, on_extension: bool = False
    ) -> tuple[Applied, ...]:
        out = []
        for node in nodes or ():
            local = node.name.value
            canonical = self.resolver.canonical(local)
            out.append(
                Applied(
                    name=canonical or local,
                    federation=canonical is not None,
                    args=tuple((a.name.value, a.value) for a in node.arguments),
                    on_extension=on_extension,
                    loc=self.loc(node),
                )
            )
        return tuple(out)

    def input_value(self, node: InputValueDefinitionNode) -> InputValue:
        return InputValue(
            name=node.name.value,
            type=self.type_ref(node.type),
            default=node.default_value,
            description=node.description.value if node.description else None,
            directives=self.directives(node.directives),
            loc=self.loc(node),
        )


def _error(subgraph: str, message: str, loc: Location | None = None) -> CompositionError:
    return CompositionError(
        code="INVALID_GRAPHQL",
        message=f"[{subgraph}] {message}",
        locations=(loc,) if loc else (),
        subgraph=subgraph,
    )


def build_subgraph(
    name: str, url: str, sdl: str
) -> tuple[Subgraph | None, list[CompositionError], str | None]:
    """Returns the subgraph, its errors, and the raw federation version text (for validation)."""
    source = Source(sdl, name)
    try:
        document = parse(source)
    except GraphQLError as exc:
        loc = None
        if exc.locations:
            loc = Location(
                subgraph=name, line=exc.locations[0].line, column=exc.locations[0].column
            )
        return None, [_error(name, exc.message, loc)], None
    schema_nodes = [
        d for d in document.definitions if isinstance(d, SchemaDefinitionNode | SchemaExtensionNode)
    ]
    schema_directive_nodes = [d for s in schema_nodes for d in (s.directives or ())]
    link_info = read_link_info(schema_directive_nodes)
    resolver = link_info.resolver
    if link_info.fed_version is None:
        # A Federation 1 schema may use a later federation directive only by defining it.
        defined = {
            d.name.value for d in document.definitions if isinstance(d, DirectiveDefinitionNode)
        }
        extra = {n: n for n in ("override",) if n in defined}
        resolver = NameResolver(by_local={**resolver.by_local, **extra}, namespace=None)
    converter = _NodeConverter(name, source, resolver)
    roots: dict[str, str] = {}
    for schema_node in schema_nodes:
        for op_node in schema_node.operation_types or ():
            roots[op_node.operation.value] = op_node.type.name.value
    for op, type_name in roots.items():
        if type_name != ROOT_NAMES[op]:
            converter.renames[type_name] = ROOT_NAMES[op]
    pieces: dict[str, Pieces] = {}
    directive_defs: dict[str, DirectiveDef] = {}
    defined_federation: list[str] = []
    errors: list[CompositionError] = []
    for definition in document.definitions:
        if isinstance(definition, DirectiveDefinitionNode):
            dname = definition.name.value
            canonical = resolver.canonical(dname)
            if canonical in FEDERATION_DIRECTIVES:
                defined_federation.append(canonical)
            if dname == "link" or canonical in FEDERATION_DIRECTIVES:
                continue
            directive_defs[dname] = DirectiveDef(
                name=dname,
                args=tuple(converter.input_value(a) for a in definition.arguments or ()),
                repeatable=definition.repeatable,
                locations=tuple(loc.value for loc in definition.locations),
                description=definition.description.value if definition.description else None,
                loc=converter.loc(definition),
            )
        elif isinstance(definition, TypeDefinitionNode | TypeExtensionNode):
            tname = definition.name.value
            if (
                (tname in FEDERATION_TYPES and tname not in ("Scope", "Policy"))
                or tname in link_info.federation_imports
                or tname in BUILTIN_SCALARS
                or tname.startswith(("federation__", "link__"))
            ):
                continue
            tname = converter.renames.get(tname, tname)
            kind = KIND_OF[type(definition)]
            existing = pieces.setdefault(tname, Pieces(kind=kind))
            if existing.kind != kind:
                errors.append(
                    _error(
                        name,
                        f'Type "{tname}" is defined with different kinds',
                        converter.loc(definition),
                    )
                )
                continue
            existing.nodes.append(definition)
    types: dict[str, TypeDef] = {}
    for tname, piece in pieces.items():
        types[tname] = assemble(converter, tname, piece)
    if "Query" not in types:
        types["Query"] = TypeDef(kind=Kind.OBJECT, name="Query", has_definition=True)
    links = link_info.others
    compose = tuple(
        str(d.value("name")).lstrip("@")
        for d in converter.directives(schema_directive_nodes)
        if d.federation and d.name == "composeDirective" and d.value("name")
    )
    subgraph = Subgraph(
        name=name,
        url=url,
        fed_version=link_info.fed_version,
        types=types,
        directive_defs=directive_defs,
        links=links,
        compose_directives=compose,
        defined_federation=tuple(defined_federation),
        federation_imports=link_info.federation_imports,
        renamed_imports={
            canonical: local for local, canonical in resolver.by_local.items() if local != canonical
        },
        schema_description=next(
            (
                s.description.value
                for s in schema_nodes
                if isinstance(s, SchemaDefinitionNode) and s.description
            ),
            None,
        ),
        schema_directives=converter.directives(schema_directive_nodes),
    )
    return subgraph, errors, link_info.fed_version_text
