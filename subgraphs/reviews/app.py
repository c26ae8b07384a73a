"""The reviews subgraph's ASGI app: `app` (built on first access from the environment)."""

from __future__ import annotations

from starlette.applications import Starlette

from shared.auth import gateway_secret
from shared.subgraph import create_app, lazy_app
from subgraphs.reviews.context import context_factory
from subgraphs.reviews.schema import schema
from subgraphs.reviews.settings import Settings
from subgraphs.reviews.store import ReviewStore

__all__ = ["build_app"]  # and `app`, made on first access by __getattr__


def build_app(
    settings: Settings | None = None,
    *,
    secret: str | None = None,
    store: ReviewStore | None = None,
) -> Starlette:
    """The app over `store` (or one for `settings`); startup connects and ensures the indexes."""
    the_store = store or ReviewStore(settings or Settings.from_env())

    async def startup() -> None:
        await the_store.open()
        await the_store.migrate()

    return create_app(
        schema=schema,
        context=context_factory(the_store),
        gateway_secret=secret or gateway_secret(),
        startup=startup,
        shutdown=the_store.close,
    )


# `app` for uvicorn, built on first access: importing this module needs no environment.
__getattr__ = lazy_app(build_app)
