"""The subgraph app over WebSocket: graphql-transport-ws only, server pings, gateway identity."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncGenerator, Iterator
from typing import Any

import pytest
import strawberry
import websockets
from starlette.requests import Request
from starlette.websockets import WebSocket

from shared.auth import Viewer
from shared.errors import Unauthenticated
from shared.subgraph import build_schema, create_app
from tests.support.identity import gateway_identity_headers
from tests.support.servers import serve_in_thread

SECRET = "w" * 40
WAIT = 10.0


@strawberry.type
class Query:
    @strawberry.field
    def ok(self) -> bool:
        return True


@strawberry.type
class Subscription:
    @strawberry.subscription
    async def me(self, info: strawberry.Info) -> AsyncGenerator[str, None]:
        viewer = info.context["viewer"]
        if viewer is None:
            raise Unauthenticated("sign in first")
        yield viewer.user_id


async def _http_context(_: Request, viewer: Viewer | None) -> dict[str, Any]:
    return {"viewer": viewer}


async def _ws_context(_: WebSocket, viewer: Viewer | None) -> dict[str, Any]:
    return {"viewer": viewer}


@pytest.fixture(scope="module")
def ws_url() -> Iterator[str]:
    app = create_app(
        schema=build_schema(query=Query, subscription=Subscription),
        context=_http_context,
        subscription_context=_ws_context,
        gateway_secret=SECRET,
        keep_alive_seconds=0.2,
    )
    with serve_in_thread(app) as base:
        yield base.replace("http://", "ws://") + "/graphql"


async def _receive(ws: Any) -> dict[str, Any]:
    async with asyncio.timeout(WAIT):
        message: dict[str, Any] = json.loads(await ws.recv())
    return message


async def _me(url: str, headers: dict[str, str]) -> dict[str, Any]:
    async with websockets.connect(
        url, subprotocols=["graphql-transport-ws"], additional_headers=headers
    ) as ws:
        await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
        assert (await _receive(ws))["type"] == "connection_ack"
        await ws.send(
            json.dumps(
                {"id": "1", "type": "subscribe", "payload": {"query": "subscription { me }"}}
            )
        )
        while True:
            message = await _receive(ws)
            if message["type"] != "ping":
                return message


async def test_the_server_pings_an_idle_connection(ws_url: str) -> None:
    async with websockets.connect(ws_url, subprotocols=["graphql-transport-ws"]) as ws:
        await ws.send(json.dumps({"type": "connection_init"}))
        assert (await _receive(ws))["type"] == "connection_ack"
        assert (await _receive(ws)) == {"type": "ping"}
        await ws.send(json.dumps({"type": "pong"}))
        assert (await _receive(ws)) == {"type": "ping"}


async def test_the_legacy_graphql_ws_protocol_is_refused(ws_url: str) -> None:
    async with websockets.connect(ws_url, subprotocols=["graphql-ws"]) as ws:
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await _receive(ws)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4406


async def test_identity_comes_from_the_handshake_headers_next_to_the_secret(
    ws_url: str,
) -> None:
    student = Viewer(user_id="user-0300", role="STUDENT")
    signed_in = await _me(ws_url, gateway_identity_headers(student, SECRET))
    forged = await _me(ws_url, gateway_identity_headers(student, "x" * 40))
    assert signed_in["payload"] == {"data": {"me": "user-0300"}}
    # The resolver refused: a `next` carrying the coded error (the stream then completes).
    assert forged["type"] == "next"
    assert forged["payload"]["data"] is None
    assert [e["extensions"]["code"] for e in forged["payload"]["errors"]] == ["UNAUTHENTICATED"]
