"""What every subgraph shares: schema construction, the ASGI app, error codes, connections and
cursors (`pagination`), batched loaders (`loaders`), store query counts (`metrics`); the Alembic
runner is `migrations`."""

from shared.subgraph.app import (
    ContextFactory,
    SubscriptionContextFactory,
    create_app,
    lazy_app,
    viewer_from_request,
)
from shared.subgraph.cli import SubgraphCommands, run_cli
from shared.subgraph.errors import ErrorCodes
from shared.subgraph.loaders import batched, grouped
from shared.subgraph.metrics import StoreQueries
from shared.subgraph.pagination import Connection, Edge, PageInfo
from shared.subgraph.schema import FEDERATION_VERSION, build_schema

__all__ = [
    "FEDERATION_VERSION",
    "Connection",
    "ContextFactory",
    "Edge",
    "ErrorCodes",
    "PageInfo",
    "StoreQueries",
    "SubgraphCommands",
    "SubscriptionContextFactory",
    "batched",
    "build_schema",
    "create_app",
    "grouped",
    "lazy_app",
    "run_cli",
    "viewer_from_request",
]
