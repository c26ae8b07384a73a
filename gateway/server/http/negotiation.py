"""Which media type a GraphQL response is sent as, from the client's `Accept` header.

GraphQL over HTTP defines two: `application/graphql-response+json`, whose status codes say
whether the request was refused (4xx) or executed (200), and the legacy `application/json`,
answered 200 for every well-formed request.  A client naming the first explicitly gets it (unless
it prefers `application/json` by quality); wildcards and a missing header mean `application/json`,
as the spec asks of servers that still serve legacy clients.  None: nothing acceptable (406).

`stream_of` tells which streamed answer a client asks for, if any: GraphQL over SSE when
`text/event-stream` is its first choice among the types this endpoint serves (highest quality,
then first listed), which then answers every operation; else Apollo's multipart subscriptions
when it takes `multipart/mixed` with `subscriptionSpec=1.0`, used for subscriptions only.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar

__all__ = ["ResponseType", "Stream", "negotiate", "stream_of"]


@dataclass(frozen=True, slots=True)
class ResponseType:
    """One of the two response media types (plain attributes: read on every request)."""

    value: str
    # The Content-Type header's value.
    content_type: bytes
    # Whether GraphQL request errors are answered 200 (the `application/json` rules).
    legacy: bool

    GRAPHQL_RESPONSE_JSON: ClassVar[ResponseType]
    JSON: ClassVar[ResponseType]


_GRAPHQL = "application/graphql-response+json"
_JSON = "application/json"
ResponseType.GRAPHQL_RESPONSE_JSON = ResponseType(
    _GRAPHQL, f"{_GRAPHQL}; charset=utf-8".encode(), legacy=False
)
ResponseType.JSON = ResponseType(_JSON, f"{_JSON}; charset=utf-8".encode(), legacy=True)
# What clients actually send, answered without parsing.
_COMMON = {
    "": ResponseType.JSON,
    "*/*": ResponseType.JSON,
    _JSON: ResponseType.JSON,
    _GRAPHQL: ResponseType.GRAPHQL_RESPONSE_JSON,
}


def negotiate(accept: str) -> ResponseType | None:
    common = _COMMON.get(accept.strip())
    if common is not None:
        return common
    graphql_q: float | None = None
    json_q: float | None = None
    wildcard_q: float | None = None
    for part in accept.split(","):
        media_range, _, params = part.partition(";")
        media_range = media_range.strip().lower()
        quality = _quality(params)
        if media_range == _GRAPHQL:
            graphql_q = _best(graphql_q, quality)
        elif media_range == _JSON:
            json_q = _best(json_q, quality)
        elif media_range in ("*/*", "application/*"):
            wildcard_q = _best(wildcard_q, quality)
    if json_q is None:
        json_q = wildcard_q
    if graphql_q and (json_q is None or graphql_q >= json_q):
        return ResponseType.GRAPHQL_RESPONSE_JSON
    if json_q:
        return ResponseType.JSON
    return None


class Stream(StrEnum):
    """A streamed answer; the value names the protocol in `/metrics`."""

    SSE = "sse"
    MULTIPART = "multipart"


_EVENT_STREAM = "text/event-stream"
_MULTIPART = "multipart/mixed"
# The types an SSE request competes with: a client that prefers one of them gets it.
_SERVED = frozenset({_GRAPHQL, _JSON, _MULTIPART})


def stream_of(accept: str) -> Stream | None:
    lowered = accept.lower()
    if _EVENT_STREAM not in lowered and "subscriptionspec" not in lowered:
        return None  # the common case, without parsing
    sse: tuple[float, int] | None = None
    rival: tuple[float, int] | None = None
    multipart = False
    for index, part in enumerate(lowered.split(",")):
        media_range, _, params = part.partition(";")
        media_range = media_range.strip()
        quality = _quality(params)
        if quality <= 0:
            continue
        rank = (quality, -index)
        if media_range == _EVENT_STREAM:
            sse = rank if sse is None else max(sse, rank)
        elif media_range in _SERVED:
            rival = rank if rival is None else max(rival, rank)
            if media_range == _MULTIPART and _param(params, "subscriptionspec") == "1.0":
                multipart = True
    if sse is not None and (rival is None or sse > rival):
        return Stream.SSE
    return Stream.MULTIPART if multipart else None


def _param(params: str, wanted: str) -> str | None:
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip() == wanted:
            return value.strip().strip('"')
    return None


def _best(current: float | None, quality: float) -> float:
    return quality if current is None else max(current, quality)


def _quality(params: str) -> float:
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                quality = float(value.strip())
            except ValueError:
                return 0.0
            return min(max(quality, 0.0), 1.0) if quality == quality else 0.0  # NaN: not acceptable
    return 1.0
