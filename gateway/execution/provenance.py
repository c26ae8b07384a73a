"""Which fetch of a plan put the value at a client response path: asked only when an error
about that value needs the subgraph's name, so the executor never records where data came from.

The answer is read from the plan the way the executor runs it: a fetch's objects sit at its
`Flatten` path (`@` steps through lists, `... on T` keeps objects of type T), and its operation
selects fields below them (an entity fetch's `_entities` selection, aliases and `KeyRenamer`
output rewrites included).  The merged data gives each object's `__typename`, so type
conditions pick the right fetch where the same key is fetched per type from different
subgraphs.  Of several fetches selecting the path, the last one run wins, as in the merge.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any, assert_never

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionNode,
    parse,
)

from gateway.operation.fragments import fragments_of
from gateway.plan.nodes import (
    AnyIndex,
    ConditionNode,
    DeferNode,
    FetchNode,
    FlattenNode,
    Key,
    KeyRenamer,
    ParallelNode,
    PathElement,
    PlanNode,
    QueryPlan,
    SequenceNode,
    TypeCondition,
)

__all__ = ["fetch_at", "service_at"]

Path = Sequence[str | int]


def service_at(
    plan: QueryPlan,
    path: Path,
    *,
    variables: Mapping[str, Any] | None = None,
    data: Mapping[str, Any] | None = None,
) -> str | None:
    """The name of the subgraph whose fetch selected `path` (see `fetch_at`)."""
    fetch = fetch_at(plan, path, variables=variables, data=data)
    return None if fetch is None else fetch.service_name


def fetch_at(
    plan: QueryPlan,
    path: Path,
    *,
    variables: Mapping[str, Any] | None = None,
    data: Mapping[str, Any] | None = None,
) -> FetchNode | None:
    """The last fetch (in the order the plan runs them) whose selection covers `path`.

    `path` is a client response path (keys and list indices).  `variables` choose the branch
    of each `Condition` as the executor did (without them, both branches count); `data`, the
    merged data, gives the `__typename` of each object on the path (without it, type
    conditions are not told apart).
    """
    keys = tuple(step for step in path if isinstance(step, str))
    if not keys or plan.node is None:
        return None
    typenames = _typenames(data, path) if data is not None else {}
    found: FetchNode | None = None
    for strict in (True, False):
        for fetch, flatten in _fetches(plan.node, (), variables):
            if _selects(fetch, flatten, keys, typenames, strict):
                found = fetch
        if found is not None:
            return found
    return None


def _fetches(
    node: PlanNode, path: tuple[PathElement, ...], variables: Mapping[str, Any] | None
) -> Iterator[tuple[FetchNode, tuple[PathElement, ...]]]:
    """Every fetch with its `Flatten` path, in the order the executor starts them."""
    match node:
        case FetchNode():
            yield node, path
        case FlattenNode(path=inner, node=child):
            yield from _fetches(child, (*path, *inner), variables)
        case SequenceNode(nodes=children) | ParallelNode(nodes=children):
            for child in children:
                yield from _fetches(child, path, variables)
        case ConditionNode(condition=name, if_clause=if_clause, else_clause=else_clause):
            branches: tuple[PlanNode | None, ...] = (
                (if_clause, else_clause)
                if variables is None
                else (if_clause if variables.get(name) else else_clause,)
            )
            for branch in branches:
                if branch is not None:
                    yield from _fetches(branch, path, variables)
        case DeferNode(primary=primary, deferred=deferred):
            if primary is not None:
                yield from _fetches(primary, path, variables)
            for part in deferred:
                if part.node is not None:
                    yield from _fetches(part.node, path, variables)


def _typenames(data: Mapping[str, Any], path: Path) -> dict[int, str]:
    """The `__typename` of the object reached after each number of keys along `path`."""
    found: dict[int, str] = {}
    value: Any = data
    depth = 0
    for step in path:
        if isinstance(step, str):
            value = value.get(step) if isinstance(value, dict) else None
            depth += 1
        else:
            value = value[step] if isinstance(value, list) and 0 <= step < len(value) else None
        typename = value.get("__typename") if isinstance(value, dict) else None
        if isinstance(typename, str):
            found[depth] = typename
    return found


def _selects(
    fetch: FetchNode,
    flatten: tuple[PathElement, ...],
    keys: tuple[str, ...],
    typenames: dict[int, str],
    strict: bool,
) -> bool:
    depth = 0
    for step in flatten:
        match step:
            case AnyIndex():
                continue
            case TypeCondition(type_name=type_name):
                if strict and typenames.get(depth, type_name) != type_name:
                    return False
                continue
            case Key(name=name):
                if depth >= len(keys) or keys[depth] != name:
                    return False
                depth += 1
            case _:
                assert_never(step)
    if depth >= len(keys):
        return False  # the fetch's objects themselves: the fetch that selected them put them there
    document = _document(fetch.operation)
    if document is None:
        return False
    selections = _top_selections(document, entity=fetch.requires is not None)
    renames = {
        last.name: rewrite.rename_key_to
        for rewrite in fetch.output_rewrites
        if isinstance(rewrite, KeyRenamer)
        and rewrite.path
        and isinstance(last := rewrite.path[-1], Key)
    }
    walk = _Walk(document, renames, typenames, strict)
    return walk.covers(selections, keys, depth)


class _Walk:
    __slots__ = ("fragments", "renames", "strict", "typenames")

    def __init__(
        self,
        document: DocumentNode,
        renames: dict[str, str],
        typenames: dict[int, str],
        strict: bool,
    ) -> None:
        self.fragments = fragments_of(document)
        self.renames = renames
        self.typenames = typenames
        self.strict = strict

    def covers(self, selections: Sequence[SelectionNode], keys: tuple[str, ...], at: int) -> bool:
        """Whether `selections`, on the object reached after `at` keys, select `keys[at:]`."""
        for selection in selections:
            if isinstance(selection, FieldNode):
                key = (selection.alias or selection.name).value
                if self.renames.get(key, key) != keys[at]:
                    continue
                if at + 1 == len(keys):
                    return True
                below = selection.selection_set
                if below is not None and self.covers(below.selections, keys, at + 1):
                    return True
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                applies = condition is None or self.applies(condition.name.value, at)
                if applies and self.covers(selection.selection_set.selections, keys, at):
                    return True
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments.get(selection.name.value)
                if (
                    fragment is not None
                    and self.applies(fragment.type_condition.name.value, at)
                    and self.covers(fragment.selection_set.selections, keys, at)
                ):
                    return True
        return False

    def applies(self, condition: str, at: int) -> bool:
        # Without the schema an abstract condition cannot be told from a wrong one: the strict
        # pass takes only exact names, the lenient pass (when the strict one finds nothing) all.
        return not self.strict or self.typenames.get(at, condition) == condition


def _top_selections(document: DocumentNode, *, entity: bool) -> Sequence[SelectionNode]:
    operation = next(
        (d for d in document.definitions if isinstance(d, OperationDefinitionNode)), None
    )
    if operation is None:
        return ()
    selections = operation.selection_set.selections
    if not entity:
        return selections
    for selection in selections:
        if isinstance(selection, FieldNode) and selection.selection_set is not None:
            return selection.selection_set.selections  # `_entities(representations: ...)`
    return ()


@lru_cache(maxsize=256)
def _document(text: str) -> DocumentNode | None:
    try:
        return parse(text, no_location=True)
    except GraphQLError:
        return None
