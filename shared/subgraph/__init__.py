"""What every subgraph shares: schema construction, the ASGI app, error codes."""

from shared.subgraph.app import ContextFactory, create_app, lazy_app, viewer_from_request
from shared.subgraph.cli import SubgraphCommands, run_cli
from shared.subgraph.errors import ErrorCodes
from shared.subgraph.schema import FEDERATION_VERSION, build_schema

__all__ = [
    "FEDERATION_VERSION",
    "ContextFactory",
    "ErrorCodes",
    "SubgraphCommands",
    "build_schema",
    "create_app",
    "lazy_app",
    "run_cli",
    "viewer_from_request",
]
