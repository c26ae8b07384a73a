"""The GraphQL endpoint: one GraphQL-over-HTTP request (POST, GET, OPTIONS) from headers to answer.

Per request: negotiate the response type, refuse what CSRF protection or decoding refuses,
authenticate, check the client rate limits (`gateway.server.http.limiting`; a refused token counts
by address), run the pipeline inside the observer's record, and answer with the request id
and CORS headers.  The pipeline's outcome becomes a status in `gateway.server.http.status` (one
table), which follows the negotiated type: `application/graphql-response+json` keeps the 400 of
a request refused before execution; legacy `application/json` answers it 200 (the GraphQL
errors are in the body), as the spec asks.  An unexpected exception is logged and answered 500
INTERNAL_SERVER_ERROR, without details.

A batch (a JSON array, when `batching.enabled`) is authenticated once; each operation is then
limited, recorded and run on its own, concurrently, and answered in its place in an array.
The batch's status is 200 unless every operation was refused alike (all 429, all 401).

A client whose `Accept` asks for a stream (`negotiation.stream_of`) is answered through the
pipeline's `subscribe`: over SSE every outcome is streamed (`gateway.server.http.sse`); a client
of Apollo's multipart subscriptions gets a subscription as multipart parts
(`gateway.server.http.multipart_subscriptions`) and anything else as above.  Either way the
request is authenticated, rate-limited and recorded as any other; a started subscription is
recorded as answered 200.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace

from gateway.config.model import GatewayConfig
from gateway.graphiql import PAGE_CSP, graphiql_page
from gateway.pipeline import RequestPipeline
from gateway.request import (
    GraphQLRequest,
    Identity,
    IncrementalResult,
    Outcome,
    Refusal,
    SubscriptionResult,
    refusal,
)
from gateway.server.http.asgi import (
    BodyTooLarge,
    RawHeader,
    Receive,
    Scope,
    Send,
    inbound_headers,
    query_params,
    read_body,
    send_response,
)
from gateway.server.http.client_address import ClientAddress
from gateway.server.http.cors import CorsPolicy
from gateway.server.http.csrf import CsrfGuard
from gateway.server.http.decode import BadRequest, Batch, decode_get, decode_post
from gateway.server.http.limiting import check_limits, rate_limited_response
from gateway.server.http.multipart import accepts_multipart, send_incremental
from gateway.server.http.multipart_subscriptions import serve_multipart_subscription
from gateway.server.http.negotiation import ResponseType, Stream, negotiate, stream_of
from gateway.server.http.request_context import request_context, request_id
from gateway.server.http.sse import serve_sse
from gateway.server.http.status import GraphQLResponse, http_answer, internal_error, legacy_answer
from gateway.server.http.subscriptions import SubscriptionHub, close_events
from gateway.server.runtime.gateway import Gateway

__all__ = ["ALLOWED_METHODS", "GraphQLEndpoint"]

logger = logging.getLogger(__name__)

ALLOWED_METHODS = b"GET, POST, OPTIONS"
_NOT_ACCEPTABLE = BadRequest(
    status=406,
    message=(
        "The Accept header allows no media type this endpoint serves: accept "
        "application/graphql-response+json, application/json or text/event-stream."
    ),
)
_NO_STREAMED_BATCH = BadRequest(
    status=400, message="A batch cannot be streamed: send one operation per request."
)
_SUBSCRIPTIONS_OFF = "Subscriptions are not enabled on this gateway."
_HTML = b"text/html; charset=utf-8"
_PAGE_HEADERS = (
    (b"content-security-policy", PAGE_CSP.encode("latin-1")),
    (b"cache-control", b"no-cache"),
)
_JSON = ResponseType.JSON


class GraphQLEndpoint:
    """Serves the GraphQL path of `gateway` as `config` describes."""

    def __init__(
        self, gateway: Gateway, config: GatewayConfig, hub: SubscriptionHub | None = None
    ) -> None:
        self.gateway = gateway
        self.config = config
        # The subscriptions streamed over HTTP (SSE, multipart) are the hub's.
        self.hub = hub or SubscriptionHub(config.subscriptions)
        self.max_body = config.server.max_body_bytes
        self.too_large = BadRequest(
            status=413, message=f"The request body is larger than {self.max_body} bytes."
        )
        self.csrf = CsrfGuard(config.csrf)
        self.cors = CorsPolicy(config.cors, config.cors_origins)
        self.id_header = config.telemetry.request_id_header.lower()
        self.id_header_raw = self.id_header.encode("latin-1")
        self.graphiql = config.graphiql_enabled
        self.addresses = ClientAddress(config.server.trusted_proxies)
        self.max_batch = config.batching.max_size if config.batching.enabled else None
        self._page: bytes | None = None

    async def post(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = inbound_headers(scope)
        content_type = headers.get("content-type", "")
        accept = headers.get("accept", "")
        accepted, incremental = _negotiate(accept)
        stream = stream_of(accept)
        decoded: GraphQLRequest | BadRequest | Batch | None = (
            _NOT_ACCEPTABLE
            if accepted is None and stream is None
            else self.csrf.check(headers, method="POST", content_type=content_type)
        )
        if decoded is None:
            body = await read_body(receive, self.max_body, headers.get("content-length"))
            if body is None:
                return  # the client went away
            if isinstance(body, BodyTooLarge):
                decoded = self.too_large
            else:
                decoded = decode_post(content_type, body, self.max_batch)
        if (incremental or stream is Stream.SSE) and isinstance(decoded, GraphQLRequest):
            decoded = replace(decoded, incremental=True)
        if stream is not None:
            await self._stream(stream, scope, receive, send, headers, accepted, decoded)
        elif isinstance(decoded, Batch):
            await self._answer_batch(scope, send, headers, accepted, decoded)
        else:
            await self._answer(scope, send, headers, accepted, decoded)

    async def get(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = inbound_headers(scope)
        params = query_params(scope)
        # A browser navigating to the endpoint wants the explorer, not a GraphQL response.
        if self.graphiql and "query" not in params and "text/html" in headers.get("accept", ""):
            await self._explorer(send, headers)
            return
        accept = headers.get("accept", "")
        accepted, incremental = _negotiate(accept)
        stream = stream_of(accept)
        decoded = _NOT_ACCEPTABLE if accepted is None and stream is None else decode_get(params)
        if (incremental or stream is Stream.SSE) and isinstance(decoded, GraphQLRequest):
            decoded = replace(decoded, incremental=True)
        # Decoding first: a malformed GET runs nothing, and "missing query" helps more.
        if isinstance(decoded, GraphQLRequest):
            decoded = self.csrf.check(headers, method="GET", content_type="") or decoded
        if stream is not None:
            await self._stream(stream, scope, receive, send, headers, accepted, decoded)
        else:
            await self._answer(scope, send, headers, accepted, decoded)

    async def options(self, scope: Scope, send: Send) -> None:
        headers = inbound_headers(scope)
        origin = headers.get("origin")
        if origin is not None and "access-control-request-method" in headers:
            extra = self.cors.preflight_headers(origin)
        else:
            extra = ((b"allow", ALLOWED_METHODS),)
        await send_response(send, 204, b"", None, extra)

    async def _explorer(self, send: Send, headers: dict[str, str]) -> None:
        if self._page is None:
            try:
                self._page = graphiql_page(self.config)
            except Exception:
                logger.exception("the GraphiQL page could not be rendered")
                answer = internal_error()
                await send_response(send, answer.status, answer.encoded(), _JSON.content_type)
                return
        extra = (*self.cors.response_headers(headers.get("origin")), *_PAGE_HEADERS)
        await send_response(send, 200, self._page, _HTML, extra)

    async def _answer(
        self,
        scope: Scope,
        send: Send,
        headers: dict[str, str],
        accepted: ResponseType | None,
        decoded: GraphQLRequest | BadRequest,
    ) -> None:
        """Runs `decoded` (or records the refusal) and sends the answer; the observer records
        every request.  One coroutine on purpose: this is the hot path."""
        rid = request_id(headers.get(self.id_header))
        response_type = accepted or _JSON
        gateway = self.gateway
        stream: IncrementalResult | None = None
        # The answer; a result's JSON is encoded once even when it is shared by many requests
        # (inbound deduplication).
        try:
            if isinstance(decoded, BadRequest):
                answer = self._refused(rid, headers, decoded)
            else:
                identity = await gateway.authenticator.authenticate(headers)
                pipeline = gateway.pipeline  # once: a reload must not mix supergraphs
                limits = gateway.limits
                limited = (
                    None
                    if limits is None
                    else await check_limits(
                        limits, self.addresses, scope, decoded, identity, pipeline
                    )
                )
                if limited is not None:
                    answer = rate_limited_response(limited)
                    self._record(rid, headers, decoded.operation_name, answer)
                elif isinstance(identity, Refusal):
                    answer = http_answer(identity)
                    self._record(rid, headers, decoded.operation_name, answer)
                else:
                    context = request_context(rid, headers, identity)
                    with gateway.observer.request(context) as record:
                        record.operation_name = decoded.operation_name
                        try:
                            outcome = await pipeline.execute(decoded, context)
                            if isinstance(outcome, IncrementalResult):
                                # The record covers the primary part; the rest is streamed.
                                stream = outcome
                                outcome = outcome.initial
                            answer = http_answer(outcome)
                        except Exception:
                            logger.exception("unexpected failure while executing a request")
                            answer = internal_error()
                        record.response = answer
                    if response_type.legacy:
                        answer = legacy_answer(answer)
        except Exception:
            logger.exception("unexpected failure while answering a GraphQL request")
            answer = internal_error()
        out = [(self.id_header_raw, rid.encode()), *answer.headers]
        out.extend(self.cors.response_headers(headers.get("origin")))
        if stream is not None:
            await send_incremental(send, stream, out)
            return
        await send_response(send, answer.status, answer.encoded(), response_type.content_type, out)

    async def _answer_batch(
        self,
        scope: Scope,
        send: Send,
        headers: dict[str, str],
        accepted: ResponseType | None,
        batch: Batch,
    ) -> None:
        rid = request_id(headers.get(self.id_header))
        response_type = accepted or _JSON
        try:
            identity = await self.gateway.authenticator.authenticate(headers)
            answers = await asyncio.gather(
                *(self._one(scope, rid, headers, item, identity) for item in batch.items)
            )
            statuses = {answer.status for answer in answers}
            status = statuses.pop() if len(statuses) == 1 else 200
            extra: tuple[RawHeader, ...] = ()
            if status in (401, 429):
                # All refused alike: the headers that say when to retry, or how to authenticate.
                extra = max((a.headers for a in answers), key=_retry_after)
            elif status != 200:
                status = 200  # e.g. all 400: each answer says why, as for a single request
            encoded = b"[" + b",".join(answer.encoded() for answer in answers) + b"]"
        except Exception:
            logger.exception("unexpected failure while answering a batch")
            status, extra, encoded = 500, (), internal_error().encoded()
        out = [(self.id_header_raw, rid.encode()), *extra]
        out.extend(self.cors.response_headers(headers.get("origin")))
        await send_response(send, status, encoded, response_type.content_type, out)

    async def _one(
        self,
        scope: Scope,
        rid: str,
        headers: dict[str, str],
        item: GraphQLRequest | BadRequest,
        identity: Identity | Refusal,
    ) -> GraphQLResponse:
        """One operation of a batch; its headers count only when every operation was refused
        alike (rate-limited, unauthenticated)."""
        if isinstance(item, BadRequest):
            answer = _decoding_refusal(item)
            self._record(rid, headers, None, answer)
            return answer
        gateway = self.gateway
        pipeline = gateway.pipeline
        limits = gateway.limits
        if limits is not None:
            limited = await check_limits(limits, self.addresses, scope, item, identity, pipeline)
            if limited is not None:
                answer = rate_limited_response(limited)
                self._record(rid, headers, item.operation_name, answer)
                return answer
        if isinstance(identity, Refusal):
            answer = http_answer(identity)
            self._record(rid, headers, item.operation_name, answer)
            return answer
        context = request_context(rid, headers, identity)
        with gateway.observer.request(context) as record:
            record.operation_name = item.operation_name
            try:
                answer = http_answer(await pipeline.execute(item, context))
            except Exception:
                logger.exception("unexpected failure while executing a request of a batch")
                answer = internal_error()
            record.response = answer
        return answer

    async def _stream(
        self,
        stream: Stream,
        scope: Scope,
        receive: Receive,
        send: Send,
        headers: dict[str, str],
        accepted: ResponseType | None,
        decoded: GraphQLRequest | BadRequest | Batch,
    ) -> None:
        """Answers a client that takes a stream: over SSE every outcome is streamed; a client of
        multipart subscriptions gets a subscription as parts, anything else as usual."""
        if isinstance(decoded, Batch):
            if stream is Stream.MULTIPART:
                await self._answer_batch(scope, send, headers, accepted, decoded)
                return
            decoded = _NO_STREAMED_BATCH
        rid = request_id(headers.get(self.id_header))
        outcome: Outcome | SubscriptionResult
        try:
            if isinstance(decoded, BadRequest):
                answer = self._refused(rid, headers, decoded)
                outcome = _refusal_of(answer)
            else:
                outcome, answer = await self._subscribe(scope, rid, headers, decoded)
        except Exception:
            logger.exception("unexpected failure while answering a GraphQL request")
            answer = internal_error()
            outcome = _refusal_of(answer)
        out = [(self.id_header_raw, rid.encode())]
        out.extend(self.cors.response_headers(headers.get("origin")))
        try:
            if stream is Stream.SSE:
                await serve_sse(self.hub, send, receive, outcome, out)
            elif isinstance(outcome, SubscriptionResult):
                await serve_multipart_subscription(self.hub, send, receive, outcome, out)
            elif isinstance(outcome, IncrementalResult):
                await send_incremental(send, outcome, [*out, *answer.headers])
            else:
                response_type = accepted or _JSON
                if response_type.legacy:
                    answer = legacy_answer(answer)
                out.extend(answer.headers)
                content_type = response_type.content_type
                await send_response(send, answer.status, answer.encoded(), content_type, out)
        except Exception:
            # The response has started: the server closes the connection.
            logger.exception("unexpected failure while streaming a GraphQL answer")

    async def _subscribe(
        self, scope: Scope, rid: str, headers: dict[str, str], request: GraphQLRequest
    ) -> tuple[Outcome | SubscriptionResult, GraphQLResponse]:
        """Authenticates, rate-limits and runs `request` through the pipeline's `subscribe`,
        inside the observer's record: the outcome, and the answer the record holds."""
        gateway = self.gateway
        identity = await gateway.authenticator.authenticate(headers)
        pipeline = gateway.pipeline  # once: a reload must not mix supergraphs
        limits = gateway.limits
        limited = (
            None
            if limits is None
            else await check_limits(limits, self.addresses, scope, request, identity, pipeline)
        )
        if limited is not None:
            answer = rate_limited_response(limited)
        elif isinstance(identity, Refusal):
            answer = http_answer(identity)
        else:
            return await self._run(request, rid, headers, identity, pipeline)
        self._record(rid, headers, request.operation_name, answer)
        return _refusal_of(answer), answer

    async def _run(
        self,
        request: GraphQLRequest,
        rid: str,
        headers: dict[str, str],
        identity: Identity,
        pipeline: RequestPipeline,
    ) -> tuple[Outcome | SubscriptionResult, GraphQLResponse]:
        gateway = self.gateway
        context = request_context(rid, headers, identity)
        outcome: Outcome | SubscriptionResult
        with gateway.observer.request(context) as record:
            record.operation_name = request.operation_name
            try:
                outcome = await pipeline.subscribe(request, context)
                if isinstance(outcome, SubscriptionResult) and not self.hub.config.enabled:
                    await close_events(outcome)
                    outcome = refusal(_SUBSCRIPTIONS_OFF, "OPERATION_NOT_SUPPORTED")
                if isinstance(outcome, SubscriptionResult):
                    answer = GraphQLResponse(
                        status=200, body={}, operation_name=outcome.operation_name
                    )
                else:
                    answer = http_answer(outcome)
            except Exception:
                logger.exception("unexpected failure while executing a request")
                answer = internal_error()
                outcome = _refusal_of(answer)
            record.response = answer
        return outcome, answer

    def _refused(self, rid: str, headers: dict[str, str], refused: BadRequest) -> GraphQLResponse:
        answer = _decoding_refusal(refused)
        self._record(rid, headers, None, answer)
        return answer

    def _record(
        self,
        rid: str,
        headers: dict[str, str],
        operation_name: str | None,
        answer: GraphQLResponse,
    ) -> None:
        """Records a request refused before the pipeline ran, like every other request."""
        with self.gateway.observer.request(request_context(rid, headers)) as record:
            record.operation_name = operation_name
            record.response = answer


def _negotiate(accept: str) -> tuple[ResponseType | None, bool]:
    """The JSON response type, and whether `@defer` parts may be streamed as multipart.

    A client that takes only `multipart/mixed` still gets refusals and whole results as JSON.
    """
    incremental = "multipart/mixed" in accept.lower() and accepts_multipart(accept)
    accepted = negotiate(accept)
    if accepted is None and incremental:
        accepted = _JSON
    return accepted, incremental


def _refusal_of(answer: GraphQLResponse) -> Refusal:
    """The refusal an answer made from one comes from."""
    source = answer.source
    assert isinstance(source, Refusal), answer
    return source


def _decoding_refusal(refused: BadRequest) -> GraphQLResponse:
    """A request the HTTP layer could not decode or accept: its status is the HTTP layer's."""
    source = refusal(refused.message, refused.code)
    return GraphQLResponse(
        status=refused.status, body=source.body, headers=refused.headers, source=source
    )


def _retry_after(headers: tuple[RawHeader, ...]) -> int:
    for name, value in headers:
        if name == b"retry-after":
            return int(value)
    return 0
