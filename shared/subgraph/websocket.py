"""GraphQL over WebSocket for subgraphs: `graphql-transport-ws` only, with server pings.

Strawberry's `keep_alive` drives only the legacy `graphql-ws` protocol; on
`graphql-transport-ws` the protocol's own `ping`/`pong` is the heartbeat, and this handler
sends a `ping` every `keep_alive_interval` seconds once the connection is acknowledged, so
that proxies and the gateway see traffic on an idle subscription and a dead peer shows up as
a failed send.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import ConnectionInitMessage

__all__ = ["PROTOCOLS", "PingingHandler"]

# The legacy `graphql-ws` (subscriptions-transport-ws) protocol is not offered.
PROTOCOLS = (GRAPHQL_TRANSPORT_WS_PROTOCOL,)


class PingingHandler(BaseGraphQLTransportWSHandler[Any, None]):
    """Strawberry's handler, plus a `ping` every `view.keep_alive_interval` seconds."""

    _pinger: asyncio.Task[None] | None = None

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        await super().handle_connection_init(message)
        interval = getattr(self.view, "keep_alive_interval", None)
        if self.connection_acknowledged and interval and self._pinger is None:
            self._pinger = asyncio.create_task(self._ping_every(float(interval)))

    async def _ping_every(self, interval: float) -> None:
        # A failed send means the peer is gone: the receive loop ends the connection.
        with contextlib.suppress(Exception):
            while True:
                await asyncio.sleep(interval)
                await self.send_message({"type": "ping"})

    async def shutdown(self) -> None:
        if self._pinger is not None:
            self._pinger.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._pinger
        await super().shutdown()
