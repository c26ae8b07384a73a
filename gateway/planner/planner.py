"""`QueryPlanner`: a client operation → `QueryPlan`, a pure function of its inputs."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionNode,
    VariableDefinitionNode,
)

from gateway.operation.defer import defer_variables, deferred_fragments
from gateway.operation.fragments import fragments_of
from gateway.plan import ConditionNode, PlanNode, QueryPlan
from gateway.planner.build import DeferPart, build_node, sequence
from gateway.planner.context import PlanningError
from gateway.planner.graph import QueryGraph
from gateway.planner.keys import ClientKeys, client_keys
from gateway.planner.result import PlanningFailure, PlanResult
from gateway.planner.state import PlanningState
from gateway.planner.walker import Walker
from gateway.supergraph import Supergraph

__all__ = ["QueryPlanner"]


def _operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is None:
        if len(operations) != 1:
            raise PlanningError("an operation name is required when a document has several")
        return operations[0]
    for operation in operations:
        if operation.name is not None and operation.name.value == name:
            return operation
    raise PlanningError(f"unknown operation {name!r}")


class QueryPlanner:
    """Plans operations against one supergraph; holds only immutable, shareable state."""

    def __init__(self, supergraph: Supergraph) -> None:
        self.supergraph = supergraph
        labels: set[str] = set()
        for type_def in supergraph.types.values():
            for field in type_def.fields.values():
                labels.update(g.override_label for g in field.graphs if g.override_label)
        self.override_labels = frozenset(labels)
        """Every progressive-override label the supergraph uses."""
        self._graphs: dict[frozenset[str], QueryGraph] = {}

    def _graph(self, override_labels: frozenset[str]) -> QueryGraph:
        labels = override_labels & self.override_labels
        graph = self._graphs.get(labels)
        if graph is None:
            graph = QueryGraph(supergraph=self.supergraph, labels=labels)
            self._graphs[labels] = graph
        return graph

    def try_plan(
        self,
        document: DocumentNode,
        operation_name: str | None = None,
        *,
        override_labels: frozenset[str] = frozenset(),
    ) -> PlanResult:
        """`plan`, with an operation that cannot be planned answered by a `PlanningFailure`."""
        try:
            return self.plan(document, operation_name, override_labels=override_labels)
        except PlanningError as error:
            return PlanningFailure(message=str(error))

    def plan(
        self,
        document: DocumentNode,
        operation_name: str | None = None,
        *,
        override_labels: frozenset[str] = frozenset(),
    ) -> QueryPlan:
        """Plan one operation of an already validated document."""
        operation = _operation(document, operation_name)
        fragments = fragments_of(document)
        graph = self._graph(override_labels)
        kind = operation.operation
        root_type = {
            OperationType.QUERY: self.supergraph.query_type,
            OperationType.MUTATION: self.supergraph.mutation_type,
            OperationType.SUBSCRIPTION: self.supergraph.subscription_type,
        }[kind]
        if root_type is None:
            raise PlanningError(f"the supergraph has no {kind.value} type")
        name = operation.name.value if operation.name else None
        variables = tuple(operation.variable_definitions or ())
        counter = [0]
        client = client_keys(graph, root_type, operation.selection_set.selections, fragments)
        notes = _notes(operation.selection_set.selections, fragments)
        if kind == OperationType.MUTATION:
            steps: list[PlanNode] = []
            for slot, selections in enumerate(
                _mutation_steps(graph, root_type, operation, fragments)
            ):
                state = PlanningState.start(graph, fragments, client)
                Walker(state).plan_root(root_type, selections, slot)
                node = build_node(state.groups, kind, name, variables, counter)
                if node is not None:
                    steps.append(node)
            return QueryPlan(node=sequence(steps), notes=notes)
        plan_query = partial(
            _plan_query, graph, root_type, operation, fragments, client, variables, counter
        )
        return QueryPlan(
            node=_conditioned(plan_query, defer_variables(operation, fragments), {}), notes=notes
        )


def _conditioned(
    plan_query: Callable[[Mapping[str, bool]], PlanNode | None],
    names: tuple[str, ...],
    values: dict[str, bool],
) -> PlanNode | None:
    """One plan per value of each `@defer(if: $v)` variable, chosen by `Condition` nodes."""
    if not names:
        return plan_query(values)
    name, rest = names[0], names[1:]
    deferred = _conditioned(plan_query, rest, {**values, name: True})
    eager = _conditioned(plan_query, rest, {**values, name: False})
    if deferred == eager:
        return deferred
    return ConditionNode(condition=name, if_clause=deferred, else_clause=eager)


def _plan_query(
    graph: QueryGraph,
    root_type: str,
    operation: OperationDefinitionNode,
    fragments: dict[str, FragmentDefinitionNode],
    client: ClientKeys,
    variables: tuple[VariableDefinitionNode, ...],
    counter: list[int],
    values: Mapping[str, bool],
) -> PlanNode | None:
    """A query's plan, its active deferred fragments each planned as a part of its own."""
    deferred = deferred_fragments(operation, fragments, values)
    defers = {(id(f.directive), f.path): f.index for f in deferred}
    state = PlanningState.start(graph, fragments, client, defers)
    walker = Walker(state)
    walker.plan_root(root_type, operation.selection_set.selections)
    for fragment in deferred:
        if not fragment.path:
            # A deferred fragment on the root: its fields are root fields of their own fetches.
            walker.plan_root(root_type, fragment.selection_set.selections, defer=fragment.index)
    parts = [
        DeferPart(
            index=f.index,
            label=f.label,
            parent=f.parent,
            path=state.defer_paths.get(f.index, f.path),
        )
        for f in deferred
    ]
    name = operation.name.value if operation.name else None
    return build_node(state.groups, operation.operation, name, variables, counter, parts)


def _mutation_steps(
    graph: QueryGraph,
    root_type: str,
    operation: OperationDefinitionNode,
    fragments: dict[str, FragmentDefinitionNode],
) -> list[list[SelectionNode]]:
    """Root mutation fields in order; neighbours served by one subgraph share a step."""
    steps: list[list[SelectionNode]] = []
    last: str | None = None
    for selection in _top_level(operation.selection_set.selections, fragments):
        subgraph = None
        if isinstance(selection, FieldNode):
            candidates = graph.graphs_for_field(root_type, selection.name.value)
            subgraph = candidates[0] if candidates else None
        if steps and subgraph == last:
            steps[-1].append(selection)
        else:
            steps.append([selection])
        last = subgraph
    return steps


def _top_level(
    selections: tuple[SelectionNode, ...] | list[SelectionNode],
    fragments: dict[str, FragmentDefinitionNode],
) -> list[SelectionNode]:
    flat: list[SelectionNode] = []
    for selection in selections:
        if isinstance(selection, FragmentSpreadNode) and not selection.directives:
            flat.extend(
                _top_level(fragments[selection.name.value].selection_set.selections, fragments)
            )
        elif isinstance(selection, InlineFragmentNode) and not selection.directives:
            flat.extend(_top_level(selection.selection_set.selections, fragments))
        else:
            flat.append(selection)
    return flat


def _notes(
    selections: tuple[SelectionNode, ...], fragments: dict[str, FragmentDefinitionNode]
) -> tuple[str, ...]:
    notes = []
    for selection in _top_level(selections, fragments):
        if isinstance(selection, FieldNode) and selection.name.value in ("__schema", "__type"):
            notes.append(f"{selection.name.value} answered by the gateway")
    return tuple(notes)
