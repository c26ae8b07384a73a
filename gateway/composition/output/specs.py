"""The spec machinery a supergraph declares: join/link definitions per join version and the
optional feature specs (tag, inaccessible, authenticated, requiresScopes, policy, cost)."""

from __future__ import annotations

__all__ = ["FEATURE_DIRECTIVES", "feature_definitions", "join_definitions", "join_version_for"]

LINK_V1 = '@link(url: "https://specs.apollo.dev/link/v1.0")'
LINK_DEF = (
    "directive @link(url: String, as: String, for: link__Purpose, import: [link__Import]) "
    "repeatable on SCHEMA"
)
LINK_TYPES = {
    "link__Import": "scalar link__Import",
    "link__Purpose": (
        "enum link__Purpose {\n"
        '  """\n  `SECURITY` features provide metadata necessary to securely resolve fields.\n'
        '  """\n  SECURITY\n\n'
        '  """\n  `EXECUTION` features provide metadata necessary for operation execution.\n'
        '  """\n  EXECUTION\n}'
    ),
}


def join_version_for(max_fed: tuple[int, int] | None) -> str:
    if max_fed is None or max_fed <= (2, 6):
        return "v0.3"
    if max_fed == (2, 7):
        return "v0.4"
    return "v0.5"


def join_definitions(version: str) -> tuple[dict[str, str], dict[str, str]]:
    """(directive definitions, type definitions) of join + link, keyed by name."""
    field_args = (
        "graph: join__Graph, requires: join__FieldSet, provides: join__FieldSet, type: String, "
        "external: Boolean, override: String, usedOverridden: Boolean"
    )
    if version >= "v0.4":
        field_args += ", overrideLabel: String"
    if version >= "v0.5":
        field_args += ", contextArguments: [join__ContextArgument!]"
    directives = {
        "join__enumValue": (
            "directive @join__enumValue(graph: join__Graph!) repeatable on ENUM_VALUE"
        ),
        "join__field": f"directive @join__field({field_args}) repeatable on FIELD_DEFINITION | "
        "INPUT_FIELD_DEFINITION",
        "join__graph": "directive @join__graph(name: String!, url: String!) on ENUM_VALUE",
        "join__implements": "directive @join__implements(graph: join__Graph!, interface: String!) "
        "repeatable on OBJECT | INTERFACE",
        "join__type": "directive @join__type(graph: join__Graph!, key: join__FieldSet, "
        "extension: Boolean! = false, resolvable: Boolean! = true, "
        "isInterfaceObject: Boolean! = false) repeatable on OBJECT | INTERFACE | UNION | ENUM | "
        "INPUT_OBJECT | SCALAR",
        "join__unionMember": "directive @join__unionMember(graph: join__Graph!, member: String!) "
        "repeatable on UNION",
        "link": LINK_DEF,
    }
    types = {"join__FieldSet": "scalar join__FieldSet", **LINK_TYPES}
    if version >= "v0.4":
        directives["join__directive"] = (
            "directive @join__directive(graphs: [join__Graph!], name: String!, "
            "args: join__DirectiveArguments) repeatable on SCHEMA | OBJECT | INTERFACE | "
            "FIELD_DEFINITION"
        )
        types["join__DirectiveArguments"] = "scalar join__DirectiveArguments"
    if version >= "v0.5":
        types["join__ContextArgument"] = (
            "input join__ContextArgument {\n  name: String!\n  type: String!\n"
            "  context: String!\n  selection: join__FieldValue!\n}"
        )
        types["join__FieldValue"] = "scalar join__FieldValue"
    return directives, types


# Feature name -> (link, {directive name: definition}, {type name: definition}).
_FEATURES: dict[str, tuple[str, dict[str, str], dict[str, str]]] = {
    "tag": (
        '@link(url: "https://specs.apollo.dev/tag/v0.3")',
        {
            "tag": "directive @tag(name: String!) repeatable on FIELD_DEFINITION | OBJECT | "
            "INTERFACE | UNION | ARGUMENT_DEFINITION | SCALAR | ENUM | ENUM_VALUE | INPUT_OBJECT | "
            "INPUT_FIELD_DEFINITION | SCHEMA"
        },
        {},
    ),
    "inaccessible": (
        '@link(url: "https://specs.apollo.dev/inaccessible/v0.2", for: SECURITY)',
        {
            "inaccessible": "directive @inaccessible on FIELD_DEFINITION | OBJECT | INTERFACE | "
            "UNION | ARGUMENT_DEFINITION | SCALAR | ENUM | ENUM_VALUE | INPUT_OBJECT | "
            "INPUT_FIELD_DEFINITION"
        },
        {},
    ),
    "authenticated": (
        '@link(url: "https://specs.apollo.dev/authenticated/v0.1", for: SECURITY)',
        {
            "authenticated": "directive @authenticated on FIELD_DEFINITION | OBJECT | INTERFACE | "
            "SCALAR | ENUM"
        },
        {},
    ),
    "requiresScopes": (
        '@link(url: "https://specs.apollo.dev/requiresScopes/v0.1", for: SECURITY)',
        {
            "requiresScopes": "directive @requiresScopes(scopes: [[requiresScopes__Scope!]!]!) on "
            "FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM"
        },
        {"requiresScopes__Scope": "scalar requiresScopes__Scope"},
    ),
    "context": (
        '@link(url: "https://specs.apollo.dev/context/v0.1", for: SECURITY)',
        {
            "context": "directive @context(name: String!) repeatable on INTERFACE | OBJECT | UNION",
            "context__fromContext": "directive @context__fromContext(field: "
            "context__ContextFieldValue) on ARGUMENT_DEFINITION",
        },
        {"context__ContextFieldValue": "scalar context__ContextFieldValue"},
    ),
    "policy": (
        '@link(url: "https://specs.apollo.dev/policy/v0.1", for: SECURITY)',
        {
            "policy": "directive @policy(policies: [[policy__Policy!]!]!) on FIELD_DEFINITION | "
            "OBJECT | INTERFACE | SCALAR | ENUM"
        },
        {"policy__Policy": "scalar policy__Policy"},
    ),
}
COST_DEF = (
    "directive @cost(weight: Int!) on ARGUMENT_DEFINITION | ENUM | FIELD_DEFINITION | "
    "INPUT_FIELD_DEFINITION | OBJECT | SCALAR"
)
LIST_SIZE_DEF = (
    "directive @listSize(assumedSize: Int, slicingArguments: [String!], sizedFields: [String!], "
    "requireOneSlicingArgument: Boolean = true) on FIELD_DEFINITION"
)
FEATURE_DIRECTIVES = (
    "tag",
    "inaccessible",
    "authenticated",
    "requiresScopes",
    "policy",
    "context",
    "fromContext",
    "cost",
    "listSize",
)


def feature_definitions(
    ordered: list[str], renamed: dict[str, str] | None = None
) -> tuple[list[str], dict[str, str], dict[str, str]]:
    """Links, directive definitions and types for the used feature directives, in `ordered`
    order (cost and listSize share one spec, linked where the first of them appears)."""
    links: list[str] = []
    directives: dict[str, str] = {}
    types: dict[str, str] = {}
    used = set(ordered)
    alias = {"listSize": "cost", "fromContext": "context"}
    specs = [alias.get(n, n) for n in ordered]
    for name in dict.fromkeys(specs):
        if name == "cost":
            if "cost" in used or "listSize" in used:
                links.append(_cost_link(used, renamed or {}))
                for directive, definition in (("cost", COST_DEF), ("listSize", LIST_SIZE_DEF)):
                    if directive in used:
                        # Named as the subgraphs import it, like the applications.
                        printed = (renamed or {}).get(directive, directive)
                        directives[printed] = definition.replace(
                            f"directive @{directive}", f"directive @{printed}", 1
                        )
            continue
        if name in used:
            link, defs, tdefs = _FEATURES[name]
            local = (renamed or {}).get(name)
            if local is not None:
                # The supergraph keeps the subgraphs' import name for the spec's directive.
                link = link[:-1] + f', import: [{{name: "@{name}", as: "@{local}"}}])'
                defs = {
                    (local if n == name else n): d.replace(
                        f"directive @{name}", f"directive @{local}", 1
                    )
                    for n, d in defs.items()
                }
            links.append(link)
            directives.update(defs)
            types.update(tdefs)
    return links, directives, types


def _cost_link(used: set[str], renamed: dict[str, str]) -> str:
    """The cost spec's link: `@listSize` imported, either directive under its import alias."""
    imports: list[str] = []
    for directive in ("cost", "listSize"):
        if directive not in used:
            continue
        local = renamed.get(directive)
        if local is not None:
            imports.append(f'{{name: "@{directive}", as: "@{local}"}}')
        elif directive == "listSize":
            imports.append('"@listSize"')
    suffix = f", import: [{', '.join(imports)}]" if imports else ""
    return f'@link(url: "https://specs.apollo.dev/cost/v0.1"{suffix})'
