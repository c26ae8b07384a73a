"""The tutors subgraph's ASGI app; `app` is built on first access from the environment."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request

from shared.auth import Viewer, gateway_secret
from shared.subgraph import StoreQueries, create_app, lazy_app
from subgraphs.tutors.context import Context
from subgraphs.tutors.schema import schema
from subgraphs.tutors.settings import Settings
from subgraphs.tutors.store import TutorStore

__all__ = ["build_app"]


def build_app(settings: Settings | None = None, *, secret: str | None = None) -> Starlette:
    """An app that connects to the graph and sets up its indexes on startup."""
    config = settings or Settings.from_env()
    # Filled in by startup: the driver belongs to the event loop the server runs on.
    stores: list[TutorStore] = []
    store_queries = StoreQueries()

    async def startup() -> None:
        store = await TutorStore.open(config, store_queries)
        await store.migrate()
        stores.append(store)

    async def shutdown() -> None:
        while stores:
            await stores.pop().close()

    async def context(_: Request, viewer: Viewer | None) -> Context:
        return Context.for_request(stores[0], viewer)

    return create_app(
        schema=schema,
        context=context,
        gateway_secret=secret or gateway_secret(),
        startup=startup,
        shutdown=shutdown,
        store_queries=store_queries,
    )


# `app` for uvicorn, built on first access: importing this module needs no environment.
__getattr__ = lazy_app(build_app)
