"""The accounts ASGI app: `app` for uvicorn, `build_app` for tests and other settings."""

from __future__ import annotations

from starlette.applications import Starlette

from shared.auth import gateway_secret
from shared.subgraph import create_app, lazy_app
from subgraphs.accounts.context import context_factory
from subgraphs.accounts.schema import schema
from subgraphs.accounts.settings import Settings, load_settings
from subgraphs.accounts.store import AccountsStore

__all__ = ["build_app"]


def build_app(
    settings: Settings | None = None,
    store: AccountsStore | None = None,
    *,
    secret: str | None = None,
) -> Starlette:
    """The app; startup migrates the database (idempotent), shutdown closes the pool.

    `secret` is the gateway's shared secret (default: `GATEWAY_SHARED_SECRET`).
    """
    settings = settings or load_settings()
    store = store or AccountsStore.connect(settings.database_url, settings.timeouts)
    return create_app(
        schema=schema,
        context=context_factory(store, settings),
        gateway_secret=secret or gateway_secret(),
        startup=store.migrate,
        shutdown=store.close,
        store_queries=store.store_queries,
    )


# `app` for uvicorn, built on first access: importing this module needs no environment.
__getattr__ = lazy_app(build_app)
