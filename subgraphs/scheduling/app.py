"""The scheduling subgraph's ASGI app; `app` is built on first access from the environment."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request

from shared.auth import Viewer, gateway_secret
from shared.subgraph import create_app, lazy_app
from subgraphs.scheduling.context import Clock, Context, system_clock
from subgraphs.scheduling.schema import schema
from subgraphs.scheduling.settings import Settings
from subgraphs.scheduling.store import Store

__all__ = ["build_app"]


def build_app(
    settings: Settings | None = None,
    *,
    secret: str | None = None,
    clock: Clock = system_clock,
) -> Starlette:
    """An app that connects and migrates on startup; `clock` decides what "now" is."""
    config = settings or Settings.from_env()
    store = Store.connect(config)

    async def context(_: Request, viewer: Viewer | None) -> Context:
        return Context.for_request(store, viewer, clock)

    return create_app(
        schema=schema,
        context=context,
        gateway_secret=secret or gateway_secret(),
        startup=store.migrate,
        shutdown=store.close,
    )


# `app` for uvicorn, built on first access: importing this module needs no environment.
__getattr__ = lazy_app(build_app)
