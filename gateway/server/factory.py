"""Builds the app from environment variables, for uvicorn worker processes (`serve --workers`).

Each worker imports this module and calls `app_from_env`; `gateway.cli.serve` sets the variables
after checking, in the parent, that the supergraph loads.
"""

from __future__ import annotations

import os

import orjson

from gateway.execution import DEFAULT_SUBGRAPH_TIMEOUT, ExecutionOptions
from gateway.server.app import create_app
from gateway.server.fast_post import ASGIApp
from gateway.server.gateway import gateway_from_sdl
from gateway.supergraph import SupergraphError

__all__ = ["ENV_SUPERGRAPH", "ENV_TIMEOUT", "ENV_TIMEOUTS", "app_from_env", "options_to_env"]

ENV_SUPERGRAPH = "GATEWAY_SUPERGRAPH_FILE"
ENV_TIMEOUT = "GATEWAY_SUBGRAPH_TIMEOUT"  # seconds; empty means no limit
ENV_TIMEOUTS = "GATEWAY_SUBGRAPH_TIMEOUTS"  # JSON object: subgraph name -> seconds or null


def options_to_env(supergraph_file: str, options: ExecutionOptions) -> dict[str, str]:
    default = options.default_timeout
    return {
        ENV_SUPERGRAPH: supergraph_file,
        ENV_TIMEOUT: "" if default is None else repr(default),
        ENV_TIMEOUTS: orjson.dumps(dict(options.timeouts)).decode(),
    }


def app_from_env() -> ASGIApp:
    path = os.environ[ENV_SUPERGRAPH]
    with open(path, encoding="utf-8") as handle:
        sdl = handle.read()
    raw_default = os.environ.get(ENV_TIMEOUT, repr(DEFAULT_SUBGRAPH_TIMEOUT))
    options = ExecutionOptions(
        default_timeout=float(raw_default) if raw_default else None,
        timeouts=orjson.loads(os.environ.get(ENV_TIMEOUTS, "{}")),
    )
    gateway = gateway_from_sdl(sdl, options=options)
    if isinstance(gateway, SupergraphError):
        raise RuntimeError(f"{path} is not a usable supergraph: {gateway.message}")
    return create_app(gateway)
