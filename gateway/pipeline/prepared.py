"""A client operation made ready to run: chosen operation, plan, shapes, variable defaults."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    GraphQLSchema,
    OperationDefinitionNode,
    value_from_ast_untyped,
)

from gateway.formatted_error import GraphQLFormattedError
from gateway.operation.conditions import condition_variables
from gateway.operation.defer import defer_variables
from gateway.operation.fragments import fragments_of
from gateway.operation.introspection import introspection_document
from gateway.pipeline.incremental import DeferDelivery, compile_delivery
from gateway.plan import print_plan
from gateway.plan.nodes import DeferNode, QueryPlan
from gateway.request.outcome import ExecutedOperation
from gateway.shaping import ObjectShape, compile_shape

__all__ = ["PreparedOperation", "prepare_operation"]


@dataclass(frozen=True, slots=True, kw_only=True)
class PreparedOperation:
    """Everything about an operation that does not depend on a request's variable values."""

    schema: GraphQLSchema
    document: DocumentNode
    operation: OperationDefinitionNode
    fragments: Mapping[str, FragmentDefinitionNode]
    plan: QueryPlan
    condition_variables: tuple[str, ...]
    # The variables `@defer(if:)` reads.
    defer_variables: tuple[str, ...]
    # The operation's declared variables, in order: all a request forwards to subgraphs.
    variable_names: tuple[str, ...]
    defaults: Mapping[str, Any]
    introspection: DocumentNode | None
    # One error per selection the caller may not see (planned without it, shaped as null).
    authorization_errors: tuple[GraphQLFormattedError, ...] = ()
    # What results of this operation say they ran (usage reporting reads it later).
    executed: ExecutedOperation | None = None
    # Compiled shapes per combination of `@skip`/`@include` values; filled on first use.
    _shapes: dict[tuple[bool, ...], ObjectShape] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _printed: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)
    # Incremental delivery's shapes per combination of variable values (see `delivery_for`).
    _deliveries: dict[tuple[tuple[str, bool], ...], DeferDelivery | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def printed_plan(self) -> str:
        printed = self._printed.get("plan")
        if printed is None:
            printed = self._printed["plan"] = print_plan(self.plan)
        return printed

    def shape_for(self, variables: Mapping[str, Any]) -> ObjectShape:
        values = tuple(bool(variables.get(name)) for name in self.condition_variables)
        shape = self._shapes.get(values)
        if shape is None:
            condition_values = dict(zip(self.condition_variables, values, strict=True))
            shape = compile_shape(self.schema, self.operation, self.fragments, condition_values)
            self._shapes[values] = shape
        return shape

    def delivery_for(self, variables: Mapping[str, Any], defer: DeferNode) -> DeferDelivery | None:
        """The shapes of the primary and deferred payloads for these variable values."""
        names = (*self.condition_variables, *self.defer_variables)
        key = tuple((name, bool(variables.get(name))) for name in names)
        if key in self._deliveries:
            return self._deliveries[key]
        values = dict(key)
        delivery = compile_delivery(self.schema, self.operation, self.fragments, values, defer)
        self._deliveries[key] = delivery
        return delivery


def prepare_operation(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    plan: QueryPlan,
    *,
    authorization_errors: tuple[GraphQLFormattedError, ...] = (),
    executed: ExecutedOperation | None = None,
) -> PreparedOperation:
    fragments = fragments_of(document)
    definitions = operation.variable_definitions or ()
    defaults = {
        definition.variable.name.value: value_from_ast_untyped(definition.default_value)
        for definition in definitions
        if definition.default_value is not None
    }
    prepared = PreparedOperation(
        schema=schema,
        document=document,
        operation=operation,
        fragments=fragments,
        plan=plan,
        condition_variables=condition_variables(operation, fragments),
        defer_variables=defer_variables(operation, fragments),
        variable_names=tuple(definition.variable.name.value for definition in definitions),
        defaults=defaults,
        introspection=introspection_document(document, operation, fragments),
        authorization_errors=authorization_errors,
        executed=executed,
    )
    # The shape without conditions is the one almost every request uses: compile it now.
    if not prepared.condition_variables:
        prepared.shape_for({})
    return prepared
