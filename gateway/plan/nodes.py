"""The query plan: plain, frozen data that the planner produces and the executor runs.

The shape follows Apollo's `QueryPlan` so that plans can be compared with the
reference gateways: a tree of `Fetch`, `Sequence`, `Parallel`, `Flatten`,
`Condition` and `Defer` nodes.  Nothing here knows how a plan is made or how it is run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, TypeAlias

__all__ = [
    "ANY_INDEX",
    "AnyIndex",
    "ConditionNode",
    "DeferNode",
    "DeferredNode",
    "FetchNode",
    "FetchRewrite",
    "FlattenNode",
    "Key",
    "KeyRenamer",
    "ParallelNode",
    "PathElement",
    "PlanNode",
    "QueryPlan",
    "RequiresField",
    "RequiresInlineFragment",
    "RequiresSelection",
    "SequenceNode",
    "TypeCondition",
    "ValueSetter",
    "subscription_parts",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class Key:
    """A step to the value under response key `name` (lists met there are stepped through)."""

    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AnyIndex:
    """A path step through every element of a list (printed `@`)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class TypeCondition:
    """A path step that keeps only objects whose `__typename` is `type_name` (or that lack one).

    Printed `|[T]` after the step before it, like Apollo's `TypenameEquals`.
    """

    type_name: str


# Apollo's `FetchDataPathElement`: a response key, any list index, or a type condition.
PathElement: TypeAlias = Key | AnyIndex | TypeCondition

ANY_INDEX = AnyIndex()


@dataclass(frozen=True, slots=True, kw_only=True)
class RequiresField:
    """A field of an entity representation: `name` read from the merged data (by response key)."""

    name: str
    selections: tuple[RequiresSelection, ...] = ()
    # Needed only by a part of the fetch under a condition (`@skip`/`@include`) that may be
    # off: a representation goes without it when the object lacks it, instead of not at all.
    optional: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class RequiresInlineFragment:
    """Representation fields taken only from objects whose `__typename` is `type_condition`."""

    type_condition: str
    selections: tuple[RequiresSelection, ...]


RequiresSelection: TypeAlias = RequiresField | RequiresInlineFragment


@dataclass(frozen=True, slots=True, kw_only=True)
class ValueSetter:
    """Set the value at the end of `path` to `set_value`.

    Apollo uses it to set `__typename` of `@interfaceObject` representations to the interface.
    """

    path: tuple[Key | TypeCondition, ...]
    set_value: str


@dataclass(frozen=True, slots=True, kw_only=True)
class KeyRenamer:
    """Rename the key at the end of `path` (a `Key`) to `rename_key_to`, when it is present."""

    path: tuple[Key | TypeCondition, ...]
    rename_key_to: str


# A value rewrite applied to representations (input) or fetched data (output).  Lists met
# along `path` are stepped through; a `TypeCondition` restricts the rest of the path.
FetchRewrite: TypeAlias = ValueSetter | KeyRenamer


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchNode:
    """One GraphQL request to one subgraph.

    When `requires` is set this is an entity fetch: the executor collects one representation per
    object found at the enclosing `FlattenNode` path (deduplicated), sends them as the
    `$representations` variable of `operation` (an `_entities` query) and merges each returned
    entity back into the object it came from, by index.  Otherwise the result's `data` is merged
    into the response root.
    """

    id: int | None = None
    service_name: str
    operation: str
    operation_name: str | None = None
    operation_kind: Literal["query", "mutation", "subscription"] = "query"
    variable_usages: tuple[str, ...] = ()
    requires: tuple[RequiresSelection, ...] | None = None
    input_rewrites: tuple[FetchRewrite, ...] = ()
    output_rewrites: tuple[FetchRewrite, ...] = ()
    # The response keys the operation selects at its top (for an entity fetch: in each entity),
    # through fragments, in order, `__typename` left out.  The error of a failed fetch points
    # at the first: the field whose value is missing.
    response_keys: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class FlattenNode:
    """Run `node` against every object at `path` in the merged data."""

    path: tuple[PathElement, ...]
    node: PlanNode


@dataclass(frozen=True, slots=True, kw_only=True)
class SequenceNode:
    """Run `nodes` one after another: later nodes read what earlier ones merged."""

    nodes: tuple[PlanNode, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ParallelNode:
    """Run `nodes` concurrently; they never depend on each other."""

    nodes: tuple[PlanNode, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ConditionNode:
    """Choose a branch by the boolean value of variable `condition` (`@skip`/`@include`)."""

    condition: str
    if_clause: PlanNode | None = None
    else_clause: PlanNode | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DeferredNode:
    """One `@defer`red fragment (Apollo's `DeferredNode`): fetched once the fetches it
    `depends` on have run, delivered in its own payload for the objects at `path`.

    `index` numbers the fragment as `gateway.operation.defer.deferred_fragments` does, so the
    stage that shapes payloads finds its selection.  `node` is None when the primary's fetches
    already bring every field (a fragment on a type no key edge leaves): only the delivery is
    deferred.  A nested `@defer` makes `node` a `DeferNode` of its own.
    """

    index: int
    label: str | None = None
    path: tuple[PathElement, ...] = ()
    depends: tuple[int, ...] = ()
    node: PlanNode | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DeferNode:
    """Run `primary`, deliver its result, then run and deliver each of `deferred`."""

    primary: PlanNode | None
    deferred: tuple[DeferredNode, ...]


PlanNode: TypeAlias = (
    FetchNode | FlattenNode | SequenceNode | ParallelNode | ConditionNode | DeferNode
)


@dataclass(frozen=True, slots=True, kw_only=True)
class QueryPlan:
    """The whole plan of one operation; `node` is None when the gateway answers alone."""

    node: PlanNode | None = None
    # Fields the gateway answers itself (introspection, root __typename) need no fetch.
    notes: tuple[str, ...] = field(default=())


def subscription_parts(node: PlanNode | None) -> tuple[FetchNode, PlanNode | None] | None:
    """A subscription plan's root fetch (opened once) and the rest (run per event), or None
    when the plan does not start with one root fetch of kind `subscription`."""
    first, rest = node, None
    if isinstance(node, SequenceNode) and node.nodes:
        first, others = node.nodes[0], node.nodes[1:]
        if others:
            rest = others[0] if len(others) == 1 else SequenceNode(nodes=others)
    if not isinstance(first, FetchNode) or first.requires is not None:
        return None
    if first.operation_kind != "subscription":
        return None
    return first, rest
