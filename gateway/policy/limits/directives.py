"""The `@cost` weights and `@listSize` settings a supergraph declares, by schema coordinate.

Composition (ours and Apollo's) links the cost spec on the supergraph,
`@link(url: "https://specs.apollo.dev/cost/v0.1", import: ["@listSize"])`, and copies the
directives onto the supergraph's elements; they are dropped from the API schema, so they are
read here from the full schema. The names follow the link: `@cost` is the spec's own
directive (renamed with `as:`), `@listSize` is `@listSize` when imported (or its import
alias) and `@<prefix>__listSize` otherwise. Without a cost link, directives defined as
`@cost` and `@listSize` are used as they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from graphql import (
    BooleanValueNode,
    ConstDirectiveNode,
    FieldNode,
    FloatValueNode,
    GraphQLError,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    IntValueNode,
    ListValueNode,
    ObjectValueNode,
    SelectionSetNode,
    StringValueNode,
    ValueNode,
    parse,
)

__all__ = ["CostDirectives", "ListSizeSpec", "read_cost_directives"]

_COST_URL = re.compile(r"^https://specs\.apollo\.dev/cost/v\d+\.\d+/?$")


@dataclass(frozen=True, slots=True, kw_only=True)
class ListSizeSpec:
    """One field's `@listSize`; paths are split (`"input.first"`, `"edges { node }"`)."""

    assumed_size: int | None = None
    slicing_arguments: tuple[tuple[str, ...], ...] = ()
    sized_fields: tuple[tuple[str, ...], ...] = ()
    require_one_slicing_argument: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class CostDirectives:
    """Weights by coordinate: type, (type, field), (type, field, argument), (input, field)."""

    types: Mapping[str, float]
    fields: Mapping[tuple[str, str], float]
    arguments: Mapping[tuple[str, str, str], float]
    input_fields: Mapping[tuple[str, str], float]
    list_sizes: Mapping[tuple[str, str], ListSizeSpec]


@dataclass(frozen=True, slots=True, kw_only=True)
class _Names:
    cost: str | None
    list_size: str | None


def read_cost_directives(schema: GraphQLSchema) -> CostDirectives:
    names = _directive_names(schema)
    types: dict[str, float] = {}
    fields: dict[tuple[str, str], float] = {}
    arguments: dict[tuple[str, str, str], float] = {}
    input_fields: dict[tuple[str, str], float] = {}
    list_sizes: dict[tuple[str, str], ListSizeSpec] = {}
    for type_name, named in schema.type_map.items():
        if type_name.startswith("__"):
            continue
        nodes = (named.ast_node, *named.extension_ast_nodes)
        weight = _weight(_directives(nodes), names.cost)
        if weight is not None:
            types[type_name] = weight
        if isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in named.fields.items():
                directives = _directives((field.ast_node,))
                weight = _weight(directives, names.cost)
                if weight is not None:
                    fields[type_name, field_name] = weight
                spec = _list_size(directives, names.list_size)
                if spec is not None:
                    list_sizes[type_name, field_name] = spec
                for arg_name, argument in field.args.items():
                    weight = _weight(_directives((argument.ast_node,)), names.cost)
                    if weight is not None:
                        arguments[type_name, field_name, arg_name] = weight
        elif isinstance(named, GraphQLInputObjectType):
            for field_name, input_field in named.fields.items():
                weight = _weight(_directives((input_field.ast_node,)), names.cost)
                if weight is not None:
                    input_fields[type_name, field_name] = weight
    return CostDirectives(
        types=MappingProxyType(types),
        fields=MappingProxyType(fields),
        arguments=MappingProxyType(arguments),
        input_fields=MappingProxyType(input_fields),
        list_sizes=MappingProxyType(list_sizes),
    )


def _directives(nodes: Iterable[object]) -> tuple[ConstDirectiveNode, ...]:
    found: list[ConstDirectiveNode] = []
    for node in nodes:
        found.extend(getattr(node, "directives", None) or ())
    return tuple(found)


def _directive_names(schema: GraphQLSchema) -> _Names:
    for directive in _directives((schema.ast_node, *schema.extension_ast_nodes)):
        arguments = _arguments(directive)
        url = arguments.get("url")
        if not (isinstance(url, StringValueNode) and _COST_URL.match(url.value)):
            continue
        alias = arguments.get("as")
        prefix = alias.value if isinstance(alias, StringValueNode) else "cost"
        imported = _imports(arguments.get("import"))
        return _Names(
            cost=imported.get("cost", prefix),
            list_size=imported.get("listSize", f"{prefix}__listSize"),
        )
    return _Names(
        cost="cost" if schema.get_directive("cost") else None,
        list_size="listSize" if schema.get_directive("listSize") else None,
    )


def _imports(value: ValueNode | None) -> dict[str, str]:
    """`import: ["@listSize", {name: "@cost", as: "@weight"}]` → {"listSize": "listSize", ...}."""
    imported: dict[str, str] = {}
    if not isinstance(value, ListValueNode):
        return imported
    for item in value.values:
        if isinstance(item, StringValueNode):
            name = item.value.lstrip("@")
            imported[name] = name
        elif isinstance(item, ObjectValueNode):
            fields = {field.name.value: field.value for field in item.fields}
            name_node, as_node = fields.get("name"), fields.get("as")
            if isinstance(name_node, StringValueNode):
                name = name_node.value.lstrip("@")
                local = as_node.value if isinstance(as_node, StringValueNode) else name
                imported[name] = local.lstrip("@")
    return imported


def _arguments(directive: ConstDirectiveNode) -> dict[str, ValueNode]:
    return {argument.name.value: argument.value for argument in directive.arguments or ()}


def _find(
    directives: tuple[ConstDirectiveNode, ...], name: str | None
) -> ConstDirectiveNode | None:
    if name is None:
        return None
    return next((d for d in directives if d.name.value == name), None)


def _weight(directives: tuple[ConstDirectiveNode, ...], name: str | None) -> float | None:
    directive = _find(directives, name)
    if directive is None:
        return None
    # The cost spec's weight is an Int; newer Apollo composition writes it as a String.
    value = _arguments(directive).get("weight")
    if isinstance(value, IntValueNode | FloatValueNode | StringValueNode):
        try:
            return float(value.value)
        except ValueError:
            return None
    return None


def _list_size(directives: tuple[ConstDirectiveNode, ...], name: str | None) -> ListSizeSpec | None:
    directive = _find(directives, name)
    if directive is None:
        return None
    arguments = _arguments(directive)
    assumed = arguments.get("assumedSize")
    require = arguments.get("requireOneSlicingArgument")
    return ListSizeSpec(
        assumed_size=int(assumed.value) if isinstance(assumed, IntValueNode) else None,
        slicing_arguments=tuple(
            tuple(text.split(".")) for text in _strings(arguments.get("slicingArguments"))
        ),
        sized_fields=tuple(
            path for text in _strings(arguments.get("sizedFields")) for path in _field_paths(text)
        ),
        require_one_slicing_argument=require.value
        if isinstance(require, BooleanValueNode)
        else True,
    )


def _strings(value: ValueNode | None) -> tuple[str, ...]:
    if isinstance(value, StringValueNode):
        return (value.value,)
    if isinstance(value, ListValueNode):
        return tuple(item.value for item in value.values if isinstance(item, StringValueNode))
    return ()


def _field_paths(text: str) -> tuple[tuple[str, ...], ...]:
    """`"edges"` → (("edges",),); `"results { page }"` → (("results", "page"),)."""
    try:
        document = parse(f"{{ {text} }}", no_location=True)
    except GraphQLError:
        return ()
    paths: list[tuple[str, ...]] = []
    stack: list[tuple[SelectionSetNode, tuple[str, ...]]] = []
    for definition in document.definitions:
        selection_set = getattr(definition, "selection_set", None)
        if isinstance(selection_set, SelectionSetNode):
            stack.append((selection_set, ()))
    while stack:
        selection_set, prefix = stack.pop()
        for selection in selection_set.selections:
            if not isinstance(selection, FieldNode):
                continue
            path = (*prefix, selection.name.value)
            if selection.selection_set is None:
                paths.append(path)
            else:
                stack.append((selection.selection_set, path))
    return tuple(paths)
