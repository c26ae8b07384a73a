"""The gateway of the WebSocket subscription tests (the `events` subgraph owns the subscription,
`accounts` completes each event with `User.name`), served on a real socket with a handle on its
event loop: to serve a new supergraph, or to shut its subscriptions down, as the runtime does."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass
from typing import Any

from gateway.config import AuthConfig, GatewayConfig, HeadersConfig
from gateway.pipeline import PipelineStages
from gateway.policy.headers import HeaderPropagation
from gateway.server import Gateway, create_app, gateway_from_sdl
from gateway.server.http.app import GatewayApp
from gateway.server.http.asgi import ASGIApp, Receive, Scope, Send
from tests.server.subgraphs import ACCOUNTS, strawberry_app
from tests.server.subscription_stack import SUPERGRAPH, UPSTREAM, events_app
from tests.server.test_subscriptions_over_websocket import SECRET, TokenAuthenticator
from tests.support.servers import serve_in_thread

__all__ = ["UPSTREAM", "EventStack", "serve_event_stack", "subgraph_urls"]

# How long a test waits for anything.
WAIT = 20.0


class _LoopProbe:
    """The app, noting the event loop the server runs it on."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.loop: asyncio.AbstractEventLoop | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.loop is None:
            self.loop = asyncio.get_running_loop()
        await self.app(scope, receive, send)


@dataclass(slots=True)
class EventStack:
    # The gateway's base URL (http://…); the GraphQL path is /graphql.
    url: str
    gateway: Gateway
    app: GatewayApp
    loop: asyncio.AbstractEventLoop
    sdl: str

    @property
    def graphql(self) -> str:
        return f"{self.url}/graphql"

    def on_loop(self, work: Coroutine[Any, Any, Any]) -> Any:
        """Runs `work` on the server's event loop and returns its result."""
        return asyncio.run_coroutine_threadsafe(work, self.loop).result(WAIT)

    def reload(self) -> None:
        """Serves the supergraph again, as a reload that found a new one does."""

        async def swap() -> None:
            build = self.gateway.build
            assert build is not None
            built = build(self.sdl + "\n# reloaded\n", self.gateway.client)
            assert isinstance(built, tuple), built
            self.gateway.swap(*built)

        self.on_loop(swap())

    def shut_down(self) -> None:
        """Ends every subscription as the app's shutdown does."""
        self.on_loop(self.app.hub.close_all())


@contextlib.contextmanager
def subgraph_urls() -> Iterator[str]:
    """The supergraph SDL with the `accounts` and `events` subgraphs served on loopback."""
    with contextlib.ExitStack() as stack:
        accounts = stack.enter_context(serve_in_thread(strawberry_app(ACCOUNTS)))
        events = stack.enter_context(serve_in_thread(events_app()))
        yield SUPERGRAPH.replace("{accounts}", f"{accounts}/graphql").replace(
            "{events}", f"{events}/graphql"
        )


@contextlib.contextmanager
def serve_event_stack(sdl: str, config: GatewayConfig) -> Iterator[EventStack]:
    """A gateway for `sdl` on a socket: `Bearer good` is user 1, claims reach the subgraphs."""
    headers = HeaderPropagation(
        HeadersConfig(),
        auth=AuthConfig(),
        request_id_header="x-request-id",
        env={"GATEWAY_SHARED_SECRET": SECRET},
    )
    gateway = gateway_from_sdl(sdl, stages=PipelineStages(headers=headers))
    assert isinstance(gateway, Gateway), gateway
    gateway.authenticator = TokenAuthenticator()
    app = create_app(gateway, config)
    assert isinstance(app, GatewayApp)
    probe = _LoopProbe(app)
    with serve_in_thread(probe) as url:
        assert probe.loop is not None
        yield EventStack(url=url, gateway=gateway, app=app, loop=probe.loop, sdl=sdl)
