"""The server's side of client rate limits: who is asking, and the 429 that refuses them.

`gateway.traffic.InboundLimits` decides; this module gives it the client (token subject, else
the address `ClientAddress` resolves) and the serving pipeline's persisted-query resolution and
root types, and turns a refusal into the answer: RATE_LIMITED (429 in `gateway.server.http.status`),
`Retry-After` in whole seconds (at least 1), and one GraphQL error saying which limit.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import partial

from graphql import GraphQLSchema

from gateway.pipeline import RequestPipeline
from gateway.request import GraphQLRequest, Identity, Refusal, refusal
from gateway.server.http.asgi import RawHeader, Scope
from gateway.server.http.client_address import ClientAddress
from gateway.server.http.status import GraphQLResponse, http_answer
from gateway.traffic import Client, InboundLimits, RateLimited

__all__ = ["RATE_LIMITED", "check_limits", "rate_limited_response"]

RATE_LIMITED = "RATE_LIMITED"


def _subject(identity: Identity | Refusal) -> str | None:
    if isinstance(identity, Refusal) or identity.claims is None:
        return None
    subject = identity.claims.get("sub")
    return subject if isinstance(subject, str) and subject else None


def _root_types(schema: GraphQLSchema) -> Mapping[str, str]:
    roots = (
        (schema.query_type, "query"),
        (schema.mutation_type, "mutation"),
        (schema.subscription_type, "subscription"),
    )
    return {root.name: kind for root, kind in roots if root is not None}


async def check_limits(
    limits: InboundLimits,
    addresses: ClientAddress,
    scope: Scope,
    request: GraphQLRequest,
    identity: Identity | Refusal,
    pipeline: RequestPipeline,
) -> RateLimited | None:
    """`limits`' verdict on `request`; a client whose token was refused counts by address."""
    client = Client(addresses.resolve(scope), _subject(identity))
    return await limits.admit(
        request,
        client,
        resolve=pipeline.stages.persisted.resolve,
        root_types=partial(_root_types, pipeline.schema),
    )


def rate_limited_response(limited: RateLimited) -> GraphQLResponse:
    """The answer refusing a rate-limited request, with its `Retry-After` header."""
    seconds = max(1, math.ceil(limited.retry_after))
    message = (
        f"Too many requests: the rate limit '{limited.limit}' is reached; retry after {seconds} s."
    )
    retry_after: tuple[RawHeader, ...] = ((b"retry-after", str(seconds).encode()),)
    return http_answer(refusal(message, RATE_LIMITED), headers=retry_after)
