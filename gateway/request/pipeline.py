"""The request pipeline: cached parse, validate and plan, then execute and shape.

A repeated operation (same document hash, operation name, supergraph and override labels) does
no parsing, validation, planning or shape compilation: all of that sits in the caches.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from graphql import GraphQLError, OperationType, get_operation_ast
from graphql.execution.values import get_variable_values

from gateway.execution import ExecutionOptions, SubgraphFetcher, execute_plan
from gateway.request.documents import DocumentCache, document_hash
from gateway.request.introspection import run_introspection
from gateway.request.lru import LruCache
from gateway.request.model import (
    GraphQLRequest,
    GraphQLResponse,
    Planner,
    SupergraphView,
    error_body,
)
from gateway.request.override import ProgressiveOverride
from gateway.request.prepared import PreparedOperation, prepare_operation
from gateway.shaping import shape_response

__all__ = ["RequestPipeline"]

logger = logging.getLogger(__name__)

_PreparedKey = tuple[str, str | None, str, frozenset[str]]


class RequestPipeline:
    """Answers GraphQL requests for one supergraph; build a new one when the supergraph changes."""

    def __init__(
        self,
        supergraph: SupergraphView,
        planner: Planner,
        fetch: SubgraphFetcher,
        *,
        options: ExecutionOptions | None = None,
        cache_size: int = 2048,
        override_labels: Iterable[str] = (),
    ) -> None:
        self.supergraph = supergraph
        self.schema = supergraph.api_schema
        self.planner = planner
        self.fetch = fetch
        self.options = options or ExecutionOptions()
        self.documents = DocumentCache(self.schema, maxsize=cache_size)
        self.prepared: LruCache[_PreparedKey, PreparedOperation] = LruCache(cache_size)
        self.progressive = ProgressiveOverride(override_labels)

    async def execute(self, request: GraphQLRequest) -> GraphQLResponse:
        prepared_or_error = self.prepare(request)
        if isinstance(prepared_or_error, GraphQLResponse):
            return prepared_or_error
        prepared = prepared_or_error
        operation = prepared.operation
        if operation.operation is OperationType.MUTATION and not request.allow_mutations:
            refusal = error_body("Mutations cannot be sent with GET.", "METHOD_NOT_ALLOWED")
            return GraphQLResponse(status=405, body=refusal)

        raw = dict(request.variables or {})
        coerced = get_variable_values(self.schema, operation.variable_definitions or (), raw)
        if isinstance(coerced, list):
            return _bad_request(coerced, "BAD_USER_INPUT")
        variables = _forwarded_variables(prepared, raw)

        seed: dict[str, Any] = {}
        errors: list[dict[str, Any]] = []
        if prepared.introspection is not None:
            seed, errors = run_introspection(self.schema, prepared.introspection, coerced)
        result = await execute_plan(
            prepared.plan, variables=variables, fetch=self.fetch, options=self.options, data=seed
        )
        errors.extend(result.errors)
        data = shape_response(result.data, prepared.shape_for(variables), errors)
        body: dict[str, Any] = {"data": data}
        if errors:
            body["errors"] = errors
        return GraphQLResponse(status=200, body=body)

    def prepare(self, request: GraphQLRequest) -> PreparedOperation | GraphQLResponse:
        """The cached prepared operation, or the response that refuses the request."""
        digest = document_hash(request.query)
        labels = request.override_labels | self.progressive.draw()
        key: _PreparedKey = (digest, request.operation_name, self.supergraph.id, labels)
        prepared = self.prepared.get(key)
        if prepared is not None:
            return prepared

        checked = self.documents.check(digest, request.query)
        if checked.document is None:
            assert checked.code is not None
            return GraphQLResponse(
                status=400,
                body={"errors": [_with_code(e, checked.code) for e in checked.errors]},
            )
        document = checked.document
        operation = get_operation_ast(document, request.operation_name)
        if operation is None:
            message = (
                f"Unknown operation named '{request.operation_name}'."
                if request.operation_name
                else "Must provide operation name if query contains multiple operations."
            )
            return GraphQLResponse(
                status=400, body=error_body(message, "OPERATION_RESOLUTION_FAILURE")
            )
        if operation.operation is OperationType.SUBSCRIPTION:
            body = error_body("Subscriptions are not supported yet.", "OPERATION_NOT_SUPPORTED")
            return GraphQLResponse(status=400, body=body)
        try:
            plan = self.planner.plan(document, request.operation_name, override_labels=labels)
        except Exception:
            logger.exception("planning failed for operation %r", request.operation_name)
            body = error_body("The gateway could not plan this operation.", "QUERY_PLANNING_FAILED")
            return GraphQLResponse(status=500, body=body)
        prepared = prepare_operation(self.schema, document, operation, plan)
        self.prepared.put(key, prepared)
        return prepared


def _forwarded_variables(prepared: PreparedOperation, raw: Mapping[str, Any]) -> dict[str, Any]:
    """The client's own JSON values (subgraphs coerce them again), with defaults filled in."""
    variables = dict(prepared.defaults)
    for name in prepared.variable_names:
        if name in raw:
            variables[name] = raw[name]
    return variables


def _with_code(error: dict[str, Any], code: str) -> dict[str, Any]:
    return {**error, "extensions": {"code": code}}


def _bad_request(errors: list[GraphQLError], code: str) -> GraphQLResponse:
    formatted = [{"message": error.message, "extensions": {"code": code}} for error in errors]
    return GraphQLResponse(status=400, body={"errors": formatted})
