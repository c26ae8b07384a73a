"""Rewrites of an operation that must not change its answer: oracles that need no reference.

Each rewrite maps an operation (document + variables) to another one a correct gateway
answers with the same data, up to a known renaming of response keys:

- `aliased`: every response key gets a prefix (`name` → `m_name: name`), so fields whose
  alias is another field's name, or `__typename` under an alias, are exercised;
- `inlined`: every named fragment spread becomes an inline fragment with the same directives;
- `flipped_conditions`: `@skip`/`@include` literals become variables and variables literals;
- `conditions_applied`: selections excluded by `@skip`/`@include` are removed and the others
  lose the directives, so a condition cannot reach a sibling it does not cover.

`unprefixed` undoes the renaming of `aliased` in a response.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    ArgumentNode,
    BooleanValueNode,
    DirectiveNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    InlineFragmentNode,
    NamedTypeNode,
    NameNode,
    NonNullTypeNode,
    OperationDefinitionNode,
    SelectionNode,
    SelectionSetNode,
    VariableDefinitionNode,
    VariableNode,
    parse,
    print_ast,
    validate,
)

__all__ = ["PREFIX", "REWRITES", "Rewritten", "pruned_variables", "rewrite", "unprefixed"]

PREFIX = "m_"


@dataclass(frozen=True, slots=True, kw_only=True)
class Rewritten:
    """A rewritten operation and whether its response keys carry `PREFIX`."""

    query: str
    variables: Mapping[str, Any]
    prefixed: bool = False


def _operation(document: DocumentNode) -> OperationDefinitionNode:
    return next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))


def _fragments(document: DocumentNode) -> dict[str, FragmentDefinitionNode]:
    return {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}


def _map_selections(
    selection_set: SelectionSetNode | None,
    each: Callable[[SelectionNode], list[SelectionNode]],
) -> SelectionSetNode | None:
    if selection_set is None:
        return None
    out: list[SelectionNode] = []
    for selection in selection_set.selections:
        out.extend(each(selection))
    return SelectionSetNode(selections=tuple(out))


def _with(node: SelectionNode, **changes: Any) -> SelectionNode:
    """A copy of a selection node with some attributes replaced."""
    if isinstance(node, FieldNode):
        values = {
            "alias": node.alias,
            "name": node.name,
            "arguments": node.arguments,
            "directives": node.directives,
            "selection_set": node.selection_set,
        }
        values.update(changes)
        return FieldNode(**values)
    if isinstance(node, InlineFragmentNode):
        values = {
            "type_condition": node.type_condition,
            "directives": node.directives,
            "selection_set": node.selection_set,
        }
        values.update(changes)
        return InlineFragmentNode(**values)
    assert isinstance(node, FragmentSpreadNode)
    values = {"name": node.name, "directives": node.directives}
    values.update(changes)
    return FragmentSpreadNode(**values)


def _rebuild(
    document: DocumentNode,
    each: Callable[[SelectionNode], list[SelectionNode]],
    *,
    variables: tuple[VariableDefinitionNode, ...] | None = None,
    drop_fragments: bool = False,
) -> DocumentNode:
    definitions: list[Any] = []
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            definitions.append(
                OperationDefinitionNode(
                    operation=definition.operation,
                    name=definition.name,
                    variable_definitions=(
                        definition.variable_definitions if variables is None else variables
                    ),
                    directives=definition.directives,
                    selection_set=_map_selections(definition.selection_set, each),
                )
            )
        elif isinstance(definition, FragmentDefinitionNode) and not drop_fragments:
            definitions.append(
                FragmentDefinitionNode(
                    name=definition.name,
                    type_condition=definition.type_condition,
                    directives=definition.directives,
                    selection_set=_map_selections(definition.selection_set, each),
                    variable_definitions=definition.variable_definitions,
                )
            )
    return DocumentNode(definitions=tuple(definitions))


# --- the rewrites -----------------------------------------------------------------------------


def aliased(document: DocumentNode, variables: Mapping[str, Any]) -> Rewritten:
    def each(node: SelectionNode) -> list[SelectionNode]:
        children = _map_selections(getattr(node, "selection_set", None), each)
        if isinstance(node, FieldNode):
            key = (node.alias or node.name).value
            return [_with(node, alias=NameNode(value=PREFIX + key), selection_set=children)]
        if isinstance(node, InlineFragmentNode):
            return [_with(node, selection_set=children)]
        return [node]

    return Rewritten(
        query=print_ast(_rebuild(document, each)), variables=dict(variables), prefixed=True
    )


def inlined(document: DocumentNode, variables: Mapping[str, Any]) -> Rewritten:
    fragments = _fragments(document)

    def each(node: SelectionNode) -> list[SelectionNode]:
        if isinstance(node, FragmentSpreadNode):
            definition = fragments[node.name.value]
            inline = InlineFragmentNode(
                type_condition=definition.type_condition,
                directives=node.directives,
                selection_set=definition.selection_set,
            )
            return each(inline)
        children = _map_selections(getattr(node, "selection_set", None), each)
        return [_with(node, selection_set=children)]

    return Rewritten(
        query=print_ast(_rebuild(document, each, drop_fragments=True)), variables=dict(variables)
    )


def _condition_value(directive: DirectiveNode, variables: Mapping[str, Any]) -> bool | None:
    """Whether a `@skip`/`@include` keeps its selection (None: not a condition)."""
    if directive.name.value not in ("skip", "include"):
        return None
    argument = next(a for a in directive.arguments if a.name.value == "if")
    value = argument.value
    if isinstance(value, BooleanValueNode):
        flag = value.value
    elif isinstance(value, VariableNode):
        flag = bool(variables.get(value.name.value))
    else:
        return None
    return flag if directive.name.value == "include" else not flag


def flipped_conditions(document: DocumentNode, variables: Mapping[str, Any]) -> Rewritten:
    new_values: dict[str, Any] = {}
    definitions: list[VariableDefinitionNode] = []

    def flip(directive: DirectiveNode) -> DirectiveNode:
        if directive.name.value not in ("skip", "include"):
            return directive
        argument = next(a for a in directive.arguments if a.name.value == "if")
        value = argument.value
        replacement: Any
        if isinstance(value, VariableNode):
            replacement = BooleanValueNode(value=bool(variables.get(value.name.value)))
        else:
            assert isinstance(value, BooleanValueNode)
            name = f"mc{len(new_values)}"
            new_values[name] = value.value
            definitions.append(
                VariableDefinitionNode(
                    variable=VariableNode(name=NameNode(value=name)),
                    type=NonNullTypeNode(type=NamedTypeNode(name=NameNode(value="Boolean"))),
                    directives=(),
                )
            )
            replacement = VariableNode(name=NameNode(value=name))
        return DirectiveNode(
            name=directive.name, arguments=(ArgumentNode(name=argument.name, value=replacement),)
        )

    def each(node: SelectionNode) -> list[SelectionNode]:
        directives = tuple(flip(d) for d in node.directives or ())
        children = _map_selections(getattr(node, "selection_set", None), each)
        if isinstance(node, FragmentSpreadNode):
            return [_with(node, directives=directives)]
        return [_with(node, directives=directives, selection_set=children)]

    rebuilt = _rebuild(document, each)
    return pruned_variables(rebuilt, {**variables, **new_values}, tuple(definitions))


def conditions_applied(document: DocumentNode, variables: Mapping[str, Any]) -> Rewritten:
    def each(node: SelectionNode) -> list[SelectionNode]:
        kept: list[DirectiveNode] = []
        for directive in node.directives or ():
            keep = _condition_value(directive, variables)
            if keep is False:
                return []
            if keep is None:
                kept.append(directive)
        children = _map_selections(getattr(node, "selection_set", None), each)
        if isinstance(node, FragmentSpreadNode):
            return [_with(node, directives=tuple(kept))]
        return [_with(node, directives=tuple(kept), selection_set=children)]

    return pruned_variables(_rebuild(document, each), variables, ())


def pruned_variables(
    document: DocumentNode,
    variables: Mapping[str, Any],
    added: tuple[VariableDefinitionNode, ...],
) -> Rewritten:
    """Keep only the variable definitions (and values) the rewritten document uses."""
    text = print_ast(document)
    operation = _operation(document)
    declared = (*(operation.variable_definitions or ()), *added)
    body = _body(text)
    used = tuple(d for d in declared if re.search(rf"\${d.variable.name.value}\b", body))
    final = _rebuild(document, lambda node: [node], variables=used)
    names = {d.variable.name.value for d in used}
    return Rewritten(
        query=print_ast(final), variables={k: v for k, v in variables.items() if k in names}
    )


def _body(text: str) -> str:
    """The document without its variable definitions (where every `$name` is declared)."""
    head, _, rest = text.partition("{")
    return "{" + rest if "(" in head else text


REWRITES: dict[str, Callable[[DocumentNode, Mapping[str, Any]], Rewritten]] = {
    "aliased": aliased,
    "inlined": inlined,
    "flipped_conditions": flipped_conditions,
    "conditions_applied": conditions_applied,
}


def rewrite(
    schema: GraphQLSchema, name: str, query: str, variables: Mapping[str, Any]
) -> Rewritten | None:
    """The rewritten operation, or None when the rewrite leaves no valid operation."""
    result = REWRITES[name](parse(query), variables)
    try:
        document = parse(result.query)
    except GraphQLError:  # e.g. every selection removed: nothing to compare
        return None
    if validate(schema, document):
        return None
    return result


def unprefixed(value: Any) -> Any:
    """A response value with `PREFIX` removed from every key (undoes `aliased`)."""
    if isinstance(value, dict):
        return {
            (key[len(PREFIX) :] if key.startswith(PREFIX) else key): unprefixed(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [unprefixed(item) for item in value]
    return value
