"""The request pipeline: cached parse, validate and plan, then execute and shape.

Per request: resolve the document (persisted queries), prepare it (parse, validate, refuse
introspection when it is off, authorize, plan; cached), coerce variables, check the limits, run
the plan with this request's subgraph headers, shape.  A repeated operation (same document hash,
operation name, supergraph, override labels and authorization key) does no parsing, validation,
planning or shape compilation: all of that sits in the caches.

The answer is an outcome (`gateway.request.outcome`): an `ExecutionResult`, a `Refusal`
whose code says which check refused the request, or an `IncrementalResult` for a `@defer`red
query when the client takes incremental delivery (`gateway.pipeline.incremental`).
`subscribe` answers a subscription with a `SubscriptionResult`, a stream of results
(`gateway.pipeline.subscriptions`), for the transports that stream (WebSocket, SSE, multipart);
`execute` refuses subscriptions.  Statuses are the server's business.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import orjson
from graphql import (
    DocumentNode,
    GraphQLError,
    OperationDefinitionNode,
    OperationType,
    get_operation_ast,
)
from graphql.execution.values import get_variable_values
from mypy_extensions import mypyc_attr

from gateway.config import LimitsConfig
from gateway.execution import (
    ExecutionOptions,
    SubgraphFetcher,
    SubgraphSubscriber,
    execute_incremental,
    execute_plan,
    service_at,
    split_subscription,
    top_defer,
)
from gateway.operation.documents import DocumentCache, document_hash
from gateway.operation.fragments import fragments_of
from gateway.operation.introspection import introspection_document, run_introspection
from gateway.operation.lru import LruCache
from gateway.pipeline.admission import Admission
from gateway.pipeline.dedup import InflightRequests
from gateway.pipeline.incremental import DeferDelivery, payloads, split_errors
from gateway.pipeline.override import ProgressiveOverride
from gateway.pipeline.prepared import PreparedOperation, prepare_operation
from gateway.pipeline.stages import (
    AllowEverything,
    Authorizer,
    HeaderPlan,
    NoHeaders,
    NoLimits,
    OperationLimits,
    PersistedQueries,
    Planner,
    QueryAsSent,
    SupergraphView,
)
from gateway.pipeline.subscriptions import SharedSubscriptions, subscription_events
from gateway.planner.result import PlanningFailure
from gateway.request.context import ANONYMOUS, NullObserver, Observer, RequestContext
from gateway.request.model import GraphQLRequest
from gateway.request.outcome import (
    ExecutedOperation,
    ExecutionResult,
    GraphQLFormattedError,
    IncrementalResult,
    Outcome,
    Refusal,
    SubscriptionResult,
    refusal,
)
from gateway.shaping import shape_response

__all__ = ["RequestPipeline"]

logger = logging.getLogger(__name__)

_SUBSCRIPTIONS_OVER_WEBSOCKET = (
    "Subscriptions are served on this endpoint over WebSocket (graphql-transport-ws), and over "
    "HTTP to a client that accepts text/event-stream (GraphQL over SSE) or "
    'multipart/mixed;subscriptionSpec="1.0" (multipart subscriptions).'
)
# The prepared operation, the operation, the coerced and the raw variable values.
_Admitted = tuple[PreparedOperation, OperationDefinitionNode, dict[str, Any], dict[str, Any]]
_PreparedKey = tuple[str, str | None, str, frozenset[str], Hashable]


@dataclass(frozen=True, slots=True, kw_only=True)
class PipelineStages:
    """The pluggable stages (pass-through by default) and the switches the pipeline honours."""

    persisted: PersistedQueries = field(default_factory=QueryAsSent)
    limits: OperationLimits = field(default_factory=NoLimits)
    authorizer: Authorizer = field(default_factory=AllowEverything)
    headers: HeaderPlan = field(default_factory=NoHeaders)
    observer: Observer = field(default_factory=NullObserver)
    introspection: bool = True
    # Answer with the query plan in `extensions.queryPlan` (development).
    expose_query_plan: bool = False
    # Refused before validation (MAX_TOKENS_EXCEEDED, MAX_DOCUMENT_SIZE_EXCEEDED).
    max_tokens: int = LimitsConfig().max_tokens
    max_document_bytes: int = LimitsConfig().max_document_bytes
    # Identical queries in flight at once share one execution (`gateway.pipeline.dedup`).
    deduplicate_requests: bool = False
    # Identical subscriptions share one upstream subscription and one execution per event
    # (`gateway.pipeline.subscriptions.SharedSubscriptions`).
    deduplicate_subscriptions: bool = True
    # How many requests execute their plans at once while the event loop is busy (one per
    # process, kept across supergraphs: `gateway.pipeline.admission`); unbounded by default.
    admission: Admission = field(default_factory=Admission)


# Tests extend it to record what the server hands it.
@mypyc_attr(allow_interpreted_subclasses=True)
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
        stages: PipelineStages | None = None,
        subscriber: SubgraphSubscriber | None = None,
    ) -> None:
        self.supergraph = supergraph
        # Opens subscriptions on subgraphs (None: subscriptions are refused).
        self.subscriber = subscriber
        self.schema = supergraph.api_schema
        self.planner = planner
        self.fetch = fetch
        self.options = options or ExecutionOptions()
        self.stages = stages = stages or PipelineStages()
        # Subgraph calls of client requests go through the observer (metrics, spans); `fetch`
        # stays the bare client for the gateway's own calls (readiness probes).
        self.observed_fetch = stages.observer.fetcher(fetch)
        self.documents = DocumentCache(
            self.schema,
            maxsize=cache_size,
            max_tokens=stages.max_tokens,
            max_bytes=stages.max_document_bytes,
        )
        self.prepared: LruCache[_PreparedKey, PreparedOperation] = LruCache(cache_size)
        self.progressive = ProgressiveOverride(override_labels)
        self.inflight = InflightRequests()
        self.shared_subscriptions = SharedSubscriptions()

    async def execute(
        self, request: GraphQLRequest, context: RequestContext = ANONYMOUS
    ) -> Outcome:
        admitted = await self._admit(request, context)
        if isinstance(admitted, Refusal):
            return admitted
        prepared, operation, coerced, raw = admitted
        if operation.operation is OperationType.SUBSCRIPTION:
            return refusal(_SUBSCRIPTIONS_OVER_WEBSOCKET, "OPERATION_NOT_SUPPORTED")
        stages = self.stages
        variables = _forwarded_variables(prepared, raw)
        if request.incremental and operation.operation is OperationType.QUERY:
            defer = top_defer(prepared.plan.node, variables)
            delivery = None if defer is None else prepared.delivery_for(variables, defer)
            if delivery is not None:
                return await self._run_incremental(
                    prepared, operation, coerced, variables, context, delivery
                )
        if stages.deduplicate_requests and operation.operation is OperationType.QUERY:
            key = _dedup_key(prepared, raw, context, stages.headers)
            if key is not None:
                run = partial(self._run, prepared, operation, coerced, variables, context)
                response, joined = await self.inflight.share(key, run)
                if joined:
                    stages.observer.deduplicated()
                return response
        return await self._run(prepared, operation, coerced, variables, context)

    async def subscribe(
        self, request: GraphQLRequest, context: RequestContext = ANONYMOUS
    ) -> SubscriptionResult | Outcome:
        """A subscription's stream of results; any other operation is executed as usual.

        Only a transport that can stream results (WebSocket, SSE, multipart) calls this.
        """
        admitted = await self._admit(request, context)
        if isinstance(admitted, Refusal):
            return admitted
        prepared, operation, _, raw = admitted
        if operation.operation is not OperationType.SUBSCRIPTION:
            return await self.execute(request, context)
        split = split_subscription(prepared.plan)
        if split is None and prepared.authorization_errors:
            # Authorization removed the root field: nothing is left to subscribe to.
            errors = tuple(prepared.authorization_errors)
            return Refusal(code=_code_of(errors[0]), errors=errors)
        if split is None or self.subscriber is None:
            return refusal(
                "The gateway cannot run this subscription: its root field must come from one "
                "subgraph, with no condition on it.",
                "OPERATION_NOT_SUPPORTED",
            )
        name = None if operation.name is None else operation.name.value
        subscriber = self.subscriber

        def start() -> AsyncIterator[ExecutionResult | Refusal]:
            return subscription_events(
                prepared,
                split,
                variables=_forwarded_variables(prepared, raw),
                subscribe=subscriber,
                fetch=self.observed_fetch,
                headers=self.stages.headers,
                context=context,
                options=self.options,
                operation_name=name,
            )

        key = (
            _dedup_key(prepared, raw, context, self.stages.headers)
            if self.stages.deduplicate_subscriptions
            else None
        )
        events = start() if key is None else self.shared_subscriptions.join(key, start)
        return SubscriptionResult(events=events, operation_name=name)

    async def _admit(
        self, request: GraphQLRequest, context: RequestContext
    ) -> (
        tuple[PreparedOperation, OperationDefinitionNode, dict[str, Any], dict[str, Any]] | Refusal
    ):
        """The prepared operation, coerced and raw variables, or the refusal of the request."""
        stages = self.stages
        query = await stages.persisted.resolve(request)
        if isinstance(query, Refusal):
            return query
        prepared_or_refusal = self.prepare(request, query, context)
        if isinstance(prepared_or_refusal, Refusal):
            return prepared_or_refusal
        prepared = prepared_or_refusal
        operation = prepared.operation
        if operation.operation is OperationType.MUTATION and not request.allow_mutations:
            return refusal("Mutations cannot be sent with GET.", "METHOD_NOT_ALLOWED")

        raw = dict(request.variables or {})
        coerced = get_variable_values(self.schema, operation.variable_definitions or (), raw)
        if isinstance(coerced, list):
            return _bad_request(coerced, "BAD_USER_INPUT")
        exceeded = stages.limits.check(prepared.document, operation, coerced)
        if exceeded:
            return Refusal(code=_code_of(exceeded[0]), errors=tuple(exceeded))
        return prepared, operation, coerced, raw

    async def _run(
        self,
        prepared: PreparedOperation,
        operation: OperationDefinitionNode,
        coerced: dict[str, Any],
        variables: dict[str, Any],
        context: RequestContext,
    ) -> ExecutionResult:
        """Execute the plan and shape the answer: the part inbound deduplication shares."""
        stages = self.stages
        seed: dict[str, Any] = {}
        errors: list[GraphQLFormattedError] = list(prepared.authorization_errors)
        if prepared.introspection is not None:
            seed, introspection_errors = run_introspection(
                self.schema, prepared.introspection, coerced
            )
            errors.extend(introspection_errors)
        fetch = stages.headers.fetcher(self.observed_fetch, context)
        plan = prepared.plan
        admission = stages.admission
        place = admission.enter()
        if place is not None:
            await admission.wait(place)
        try:
            result = await execute_plan(
                plan,
                variables=variables,
                fetch=fetch,
                options=self.options,
                data=seed,
                plan_text=prepared.printed_plan,
            )
            errors.extend(result.errors)
            # Which subgraph sent a value shaping refuses is read from the plan, and only then.
            source = partial(service_at, plan, variables=variables, data=result.data)
            shape = prepared.shape_for(variables)
            data = shape_response(result.data, shape, errors, service_at=source)
        finally:
            admission.leave()
        extensions = {"queryPlan": prepared.printed_plan()} if stages.expose_query_plan else None
        name = None if operation.name is None else operation.name.value
        return ExecutionResult(
            data=data,
            errors=tuple(errors),
            extensions=extensions,
            operation_name=name,
            executed=prepared.executed,
        )

    async def _run_incremental(
        self,
        prepared: PreparedOperation,
        operation: OperationDefinitionNode,
        coerced: dict[str, Any],
        variables: dict[str, Any],
        context: RequestContext,
        delivery: DeferDelivery,
    ) -> IncrementalResult:
        """The primary part now, the deferred parts as they finish (`pipeline.incremental`)."""
        seed: dict[str, Any] = {}
        errors, known = split_errors(delivery, prepared.authorization_errors)
        if prepared.introspection is not None:
            seed, introspection_errors = run_introspection(
                self.schema, prepared.introspection, coerced
            )
            errors.extend(introspection_errors)
        fetch = self.stages.headers.fetcher(self.observed_fetch, context)
        plan = prepared.plan
        result, parts = await execute_incremental(
            plan,
            variables=variables,
            fetch=fetch,
            options=self.options,
            data=seed,
            plan_text=prepared.printed_plan,
        )
        errors.extend(result.errors)
        source = partial(service_at, plan, variables=variables, data=result.data)
        data = shape_response(result.data, delivery.primary, errors, service_at=source)
        extensions = (
            {"queryPlan": prepared.printed_plan()} if self.stages.expose_query_plan else None
        )
        name = None if operation.name is None else operation.name.value
        initial = ExecutionResult(
            data=data,
            errors=tuple(errors),
            extensions=extensions,
            operation_name=name,
            executed=prepared.executed,
        )
        subsequent = payloads(delivery, self.schema, data, result.data, parts, known)
        return IncrementalResult(initial=initial, subsequent=subsequent, operation_name=name)

    def prepare(
        self, request: GraphQLRequest, query: str, context: RequestContext = ANONYMOUS
    ) -> PreparedOperation | Refusal:
        """The cached prepared operation, or the refusal of the request."""
        stages = self.stages
        digest = document_hash(query)
        labels = request.override_labels | self.progressive.draw()
        auth_key = stages.authorizer.key(context)
        key: _PreparedKey = (digest, request.operation_name, self.supergraph.id, labels, auth_key)
        prepared = self.prepared.get(key)
        stages.observer.plan_cache(hit=prepared is not None)
        if prepared is not None:
            return prepared

        checked = self.documents.check(digest, query)
        if checked.document is None:
            assert checked.code is not None
            code = checked.code
            return Refusal(code=code, errors=tuple(_with_code(e, code) for e in checked.errors))
        document = checked.document
        operation = get_operation_ast(document, request.operation_name)
        if operation is None:
            message = (
                f"Unknown operation named '{request.operation_name}'."
                if request.operation_name
                else "Must provide operation name if query contains multiple operations."
            )
            return refusal(message, "OPERATION_RESOLUTION_FAILURE")
        if self.schema.get_root_type(operation.operation) is None:
            # graphql-core 3.2 validates no operation type against the schema's roots.
            kind = operation.operation.value
            return refusal(f"The schema has no {kind} type.", "GRAPHQL_VALIDATION_FAILED")
        if operation.operation is OperationType.SUBSCRIPTION and self.subscriber is None:
            return refusal(_SUBSCRIPTIONS_OVER_WEBSOCKET, "OPERATION_NOT_SUPPORTED")
        if not stages.introspection and _introspects(document, operation):
            return refusal("Introspection is disabled on this gateway.", "INTROSPECTION_DISABLED")
        authorization = stages.authorizer.authorize(document, request.operation_name, context)
        plan = self.planner.try_plan(
            authorization.document, request.operation_name, override_labels=labels
        )
        if isinstance(plan, PlanningFailure):
            logger.error(
                "planning failed for operation %r: %s", request.operation_name, plan.message
            )
            return refusal("The gateway could not plan this operation.", "QUERY_PLANNING_FAILED")
        # Shapes follow the client's document, so removed fields come back as null.
        executed = ExecutedOperation(
            document_hash=digest,
            document=document,
            operation=operation,
            schema=self.schema,
            supergraph_id=self.supergraph.id,
        )
        prepared = prepare_operation(
            self.schema,
            document,
            operation,
            plan,
            authorization_errors=authorization.errors,
            executed=executed,
        )
        self.prepared.put(key, prepared)
        return prepared


def _introspects(document: DocumentNode, operation: OperationDefinitionNode) -> bool:
    return introspection_document(document, operation, fragments_of(document)) is not None


def _dedup_key(
    prepared: PreparedOperation,
    raw: Mapping[str, Any],
    context: RequestContext,
    headers: HeaderPlan,
) -> Hashable | None:
    """What two requests must share to share an execution, or None when it cannot be told.

    The prepared operation stands for the document, operation name, supergraph, override
    labels and authorization (it is cached under exactly those); its `id` is safe in the key
    since the table's entry keeps the execution, which holds it, alive.
    """
    try:
        values = orjson.dumps(raw, option=orjson.OPT_SORT_KEYS)
        claims = (
            None
            if context.claims is None
            else orjson.dumps(context.claims, option=orjson.OPT_SORT_KEYS)
        )
        forwarded = headers.dedup_key(context)
        hash(forwarded)
    except (TypeError, orjson.JSONEncodeError):
        return None
    return (id(prepared), values, claims, forwarded)


def _forwarded_variables(prepared: PreparedOperation, raw: Mapping[str, Any]) -> dict[str, Any]:
    """The client's own JSON values (subgraphs coerce them again), with defaults filled in."""
    variables = dict(prepared.defaults)
    for name in prepared.variable_names:
        if name in raw:
            variables[name] = raw[name]
    return variables


def _with_code(error: GraphQLFormattedError, code: str) -> GraphQLFormattedError:
    # Keep what the check added (a limit's numbers), with the code.
    return {**error, "extensions": {**error.get("extensions", {}), "code": code}}


def _code_of(error: GraphQLFormattedError) -> str:
    code = error.get("extensions", {}).get("code")
    return code if isinstance(code, str) else "BAD_REQUEST"


def _bad_request(errors: list[GraphQLError], code: str) -> Refusal:
    formatted = tuple(
        GraphQLFormattedError(message=error.message, extensions={"code": code}) for error in errors
    )
    return Refusal(code=code, errors=formatted)
