"""The learning subgraph's ASGI app; `app` is built on first access from the environment."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request

from shared.auth import Viewer, gateway_secret
from shared.signing import signing_secret
from shared.subgraph import create_app, lazy_app
from subgraphs.learning.context import Clock, Context, system_clock
from subgraphs.learning.schema import schema
from subgraphs.learning.settings import Settings
from subgraphs.learning.store import Store

__all__ = ["build_app"]


def build_app(
    settings: Settings | None = None,
    *,
    secret: str | None = None,
    receipt_secret: bytes | None = None,
    clock: Clock = system_clock,
) -> Starlette:
    """An app that connects and migrates on startup. Receipts verify under `receipt_secret`
    (default: `PLATFORM_SIGNING_SECRET`, required); `clock` decides what "now" is."""
    config = settings or Settings.from_env()
    receipts = receipt_secret or signing_secret()
    store = Store.connect(config)

    async def context(_: Request, viewer: Viewer | None) -> Context:
        return Context.for_request(store, viewer, clock, receipts)

    return create_app(
        schema=schema,
        context=context,
        gateway_secret=secret or gateway_secret(),
        startup=store.migrate,
        shutdown=store.close,
        store_queries=store.store_queries,
    )


# `app` for uvicorn, built on first access: importing this module needs no environment.
__getattr__ = lazy_app(build_app)
