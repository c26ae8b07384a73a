"""The pluggable stages of the request pipeline, and the pass-through defaults.

    PersistedQueries  APQ and the safelist: the query text a request stands for
                      (gateway.policy.persisted)
    OperationLimits   depth, aliases, root fields, cost (gateway.policy.limits)
    Authorizer        @authenticated / @requiresScopes: fields the caller may not see are removed
                      before planning and come back null with an error (gateway.policy.auth)
    HeaderPlan        headers sent to each subgraph (gateway.policy.headers)

and, before the pipeline, the server's `Authenticator` (gateway.policy.auth): the verified claims of
the request's token.

Every refusal is a value (a `Refusal`, or `GraphQLFormattedError`s with `extensions.code`).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any, Protocol

from graphql import DocumentNode, GraphQLSchema, OperationDefinitionNode

from gateway.execution import SubgraphFetcher
from gateway.planner.result import PlanResult
from gateway.request.context import Authorization, Identity, RequestContext
from gateway.request.model import GraphQLRequest
from gateway.request.outcome import GraphQLFormattedError, Refusal, refusal

__all__ = [
    "AllowEverything",
    "Anonymous",
    "Authenticator",
    "Authorizer",
    "HeaderPlan",
    "NoHeaders",
    "NoLimits",
    "OperationLimits",
    "PersistedQueries",
    "Planner",
    "QueryAsSent",
    "SupergraphView",
]


class SupergraphView(Protocol):
    """What the pipeline reads from `gateway.supergraph.Supergraph`."""

    @property
    def api_schema(self) -> GraphQLSchema: ...

    @property
    def id(self) -> str: ...


class Planner(Protocol):
    """`gateway.planner.QueryPlanner`, as the pipeline calls it: failures come back as values."""

    def try_plan(
        self,
        document: DocumentNode,
        operation_name: str | None,
        *,
        override_labels: frozenset[str] = ...,
    ) -> PlanResult: ...


class Authenticator(Protocol):
    async def authenticate(self, headers: Mapping[str, str]) -> Identity | Refusal:
        """The identity a request's credentials prove (anonymous without credentials), or the
        refusal (code "UNAUTHENTICATED") for an invalid token."""
        ...


class PersistedQueries(Protocol):
    async def resolve(self, request: GraphQLRequest) -> str | Refusal:
        """The document text to run, or the refusal of the request.

        Without the `persistedQuery` extension that is `request.query` (or, in safelist mode,
        a refusal unless it is registered); with it, the stored text, or a
        `PERSISTED_QUERY_NOT_FOUND` error the client answers by sending hash and text together.
        """
        ...


class OperationLimits(Protocol):
    def check(
        self,
        document: DocumentNode,
        operation: OperationDefinitionNode,
        variables: Mapping[str, Any],
    ) -> list[GraphQLFormattedError]:
        """Errors for every limit the operation exceeds (none when within all limits).

        Called on every request with the coerced variables: cache what does not depend on them.
        """
        ...


class Authorizer(Protocol):
    def key(self, context: RequestContext) -> Hashable:
        """Requests with equal keys get the same `authorize` result for the same operation."""
        ...

    def authorize(
        self, document: DocumentNode, operation_name: str | None, context: RequestContext
    ) -> Authorization: ...


class HeaderPlan(Protocol):
    def fetcher(self, fetch: SubgraphFetcher, context: RequestContext) -> SubgraphFetcher:
        """`fetch` sending this request's headers to each subgraph (`SubgraphRequest.headers`)."""
        ...

    def dedup_key(self, context: RequestContext) -> Hashable:
        """What of this request's headers reaches any subgraph, the request id aside: two
        requests may share one execution (inbound deduplication) only if these are equal."""
        ...


class Anonymous:
    """No authentication: every request is anonymous."""

    async def authenticate(self, headers: Mapping[str, str]) -> Identity | Refusal:
        return Identity()


class QueryAsSent:
    """No persisted queries: a request must carry its query text."""

    async def resolve(self, request: GraphQLRequest) -> str | Refusal:
        if not request.query.strip():
            return refusal("The request has no 'query' string.", "BAD_REQUEST")
        return request.query


class NoLimits:
    def check(
        self,
        document: DocumentNode,
        operation: OperationDefinitionNode,
        variables: Mapping[str, Any],
    ) -> list[GraphQLFormattedError]:
        return []


class AllowEverything:
    def key(self, context: RequestContext) -> Hashable:
        return None

    def authorize(
        self, document: DocumentNode, operation_name: str | None, context: RequestContext
    ) -> Authorization:
        return Authorization(document=document)


class NoHeaders:
    def fetcher(self, fetch: SubgraphFetcher, context: RequestContext) -> SubgraphFetcher:
        return fetch

    def dedup_key(self, context: RequestContext) -> Hashable:
        return ()
