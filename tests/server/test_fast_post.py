"""`POST /graphql` on raw ASGI: chunked bodies, disconnects, oversized bodies, other requests."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

import orjson

from .inprocess import app_for


def _scope(method: str = "POST", path: str = "/graphql", **headers: str) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.replace("_", "-").encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 2),
    }


async def _call(scope: dict[str, Any], messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    inbox = list(messages)
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return inbox.pop(0) if inbox else {"type": "http.disconnect"}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(dict(message))

    await app_for()(scope, receive, send)
    return sent


async def test_body_in_several_chunks_is_joined() -> None:
    body = orjson.dumps({"query": "{ me { name } }"})
    messages = [
        {"type": "http.request", "body": body[:5], "more_body": True},
        {"type": "http.request", "body": body[5:], "more_body": False},
    ]
    sent = await _call(_scope(content_type="application/json"), messages)
    assert sent[0]["status"] == 200
    assert orjson.loads(sent[1]["body"]) == {"data": {"me": {"name": "Ada"}}}


async def test_client_gone_before_the_body_gets_no_response() -> None:
    assert await _call(_scope(content_type="application/json"), []) == []


async def test_declared_oversized_body_is_refused_unread() -> None:
    sent = await _call(_scope(content_type="application/json", content_length="999999999"), [])
    assert sent[0]["status"] == 413


async def test_oversized_streamed_body_is_refused() -> None:
    chunk = {"type": "http.request", "body": b" " * (1024 * 1024), "more_body": True}
    sent = await _call(_scope(content_type="application/json"), [chunk, chunk, chunk])
    assert sent[0]["status"] == 413


async def test_get_without_query_is_answered_400() -> None:
    sent = await _call(_scope(method="GET", path="/graphql"), [])
    assert sent[0]["status"] == 400
    assert b"'query'" in sent[1]["body"]
