"""Shrinks a failing operation to a small one that still fails (for reading, not for tests).

Greedy: remove one selection at a time (a field, a fragment, a spread) or one directive,
keep the removal when the result is still a valid operation that still fails, and repeat
until nothing more can go.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    SelectionSetNode,
    parse,
    print_ast,
    validate,
)

from .metamorphic import pruned_variables

__all__ = ["shrink"]

# Whether an operation (text, variables) still shows the failure.
Fails = Callable[[str, Mapping[str, Any]], bool]


def _paths(
    selection_set: SelectionSetNode | None, prefix: tuple[int, ...]
) -> Iterator[tuple[int, ...]]:
    if selection_set is None:
        return
    for index, selection in enumerate(selection_set.selections):
        here = (*prefix, index)
        yield here
        yield from _paths(getattr(selection, "selection_set", None), here)


def _without(
    selection_set: SelectionSetNode, path: tuple[int, ...], drop_directives: bool
) -> SelectionSetNode:
    index, rest = path[0], path[1:]
    selections = list(selection_set.selections)
    target = selections[index]
    if not rest:
        if drop_directives:
            if not target.directives:
                raise ValueError("no directives")
            selections[index] = _copy(target, directives=())
        else:
            del selections[index]
    else:
        inner = target.selection_set  # type: ignore[union-attr]
        selections[index] = _copy(target, selection_set=_without(inner, rest, drop_directives))
    return SelectionSetNode(selections=tuple(selections))


def _copy(node: Any, **changes: Any) -> Any:
    values = {key: getattr(node, key) for key in node.keys if key != "loc"}
    values.update(changes)
    return type(node)(**values)


def _candidates(document: DocumentNode) -> Iterator[DocumentNode]:
    for position, definition in enumerate(document.definitions):
        if not isinstance(definition, OperationDefinitionNode | FragmentDefinitionNode):
            continue
        for path in list(_paths(definition.selection_set, ())):
            for drop_directives in (False, True):
                try:
                    smaller = _without(definition.selection_set, path, drop_directives)
                except ValueError:
                    continue
                definitions = list(document.definitions)
                definitions[position] = _copy(definition, selection_set=smaller)
                yield DocumentNode(definitions=tuple(definitions))


def _unused_fragments_dropped(document: DocumentNode) -> DocumentNode:
    text = print_ast(document)
    kept = tuple(
        d
        for d in document.definitions
        if not isinstance(d, FragmentDefinitionNode) or f"...{d.name.value}" in text
    )
    return DocumentNode(definitions=kept)


def shrink(
    schema: GraphQLSchema, query: str, variables: Mapping[str, Any], fails: Fails
) -> tuple[str, Mapping[str, Any]]:
    """A smaller operation than `query` for which `fails` still holds."""
    document = parse(query)
    progress = True
    while progress:
        progress = False
        for candidate in _candidates(document):
            pruned = pruned_variables(_unused_fragments_dropped(candidate), variables, ())
            try:
                reparsed = parse(pruned.query)
            except GraphQLError:
                continue
            if validate(schema, reparsed):
                continue
            if fails(pruned.query, pruned.variables):
                document, variables = reparsed, pruned.variables
                progress = True
                break
    return print_ast(document), variables
