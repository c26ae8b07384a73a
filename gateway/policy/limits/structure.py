"""The shape of an operation the structural limits judge: depth, aliases and root fields.

How things count (fragments expanded, `@skip`/`@include` ignored: the limits bound what the
document could ask for):

- depth: the most fields on one path from the root, root fields being depth 1
  (`{ a { b } }` has depth 2). Fragment spreads and inline fragments add no depth; every
  field counts, `__typename` and the introspection fields (`__schema`, `__type` and the
  fields of their types) included, so a deep introspection query is refused like any other.
- aliases: fields written with an alias, a fragment's aliases counting once per spread.
- root fields: distinct response keys of the root selection (`{ a a }` is one root field,
  `{ a b: a }` two), fragments on the root type included.

A spread of a fragment that is being expanded already (a cycle, which validation refuses
anyway) contributes nothing. The walk is iterative and visits each selection set once, so a
document spreading fragments exponentially often costs linear time.
"""

from __future__ import annotations

from dataclasses import dataclass

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)

from gateway.operation.fragments import fragments_of

__all__ = ["Structure", "fragment_sets", "measure"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Structure:
    depth: int
    aliases: int
    root_fields: int


def fragment_sets(document: DocumentNode) -> dict[str, SelectionSetNode]:
    return {name: fragment.selection_set for name, fragment in fragments_of(document).items()}


def measure(document: DocumentNode, operation: OperationDefinitionNode) -> Structure:
    fragments = fragment_sets(document)
    depth, aliases = _depth_and_aliases(operation.selection_set, fragments)
    return Structure(
        depth=depth, aliases=aliases, root_fields=_root_fields(operation.selection_set, fragments)
    )


def _nested(
    selection_set: SelectionSetNode, fragments: dict[str, SelectionSetNode]
) -> list[SelectionSetNode]:
    nested: list[SelectionSetNode] = []
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            if selection.selection_set is not None:
                nested.append(selection.selection_set)
        elif isinstance(selection, InlineFragmentNode):
            nested.append(selection.selection_set)
        elif isinstance(selection, FragmentSpreadNode):
            fragment = fragments.get(selection.name.value)
            if fragment is not None:
                nested.append(fragment)
    return nested


def _depth_and_aliases(
    root: SelectionSetNode, fragments: dict[str, SelectionSetNode]
) -> tuple[int, int]:
    # Post-order over selection sets with an explicit stack (a deep document must not hit
    # Python's recursion limit). `open_sets` are the sets on the current path: reaching one
    # again is a fragment cycle, which contributes nothing.
    done: dict[int, tuple[int, int]] = {}
    open_sets: set[int] = set()
    stack: list[tuple[SelectionSetNode, bool]] = [(root, False)]
    while stack:
        selection_set, children_done = stack.pop()
        key = id(selection_set)
        if children_done:
            done[key] = _combine(selection_set, fragments, done)
            open_sets.discard(key)
            continue
        if key in done or key in open_sets:
            continue
        open_sets.add(key)
        stack.append((selection_set, True))
        stack.extend(
            (child, False)
            for child in _nested(selection_set, fragments)
            if id(child) not in done and id(child) not in open_sets
        )
    return done[id(root)]


def _combine(
    selection_set: SelectionSetNode,
    fragments: dict[str, SelectionSetNode],
    done: dict[int, tuple[int, int]],
) -> tuple[int, int]:

    depth = aliases = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            below, below_aliases = (
                (0, 0)
                if selection.selection_set is None
                else done.get(id(selection.selection_set), (0, 0))
            )
            depth = max(depth, below + 1)
            aliases += below_aliases + (selection.alias is not None)
            continue
        if isinstance(selection, InlineFragmentNode):
            nested: SelectionSetNode | None = selection.selection_set
        elif isinstance(selection, FragmentSpreadNode):
            nested = fragments.get(selection.name.value)
        else:
            nested = None
        if nested is not None:
            below, below_aliases = done.get(id(nested), (0, 0))
            depth = max(depth, below)
            aliases += below_aliases
    return depth, aliases


def _root_fields(root: SelectionSetNode, fragments: dict[str, SelectionSetNode]) -> int:
    keys: set[str] = set()
    expanded: set[str] = set()
    stack = [root]
    while stack:
        for selection in stack.pop().selections:
            if isinstance(selection, FieldNode):
                keys.add((selection.alias or selection.name).value)
            elif isinstance(selection, InlineFragmentNode):
                stack.append(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = fragments.get(name)
                if fragment is not None and name not in expanded:
                    expanded.add(name)
                    stack.append(fragment)
    return len(keys)
