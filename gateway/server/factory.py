"""Builds the ASGI app a configuration describes, in the serving process or in each worker.

`gateway.cli.serve` calls `build_app` directly; with `--workers N` it puts the whole resolved
configuration, as JSON, in one environment variable (`ENV_CONFIG`: no secrets, those stay in the
variables the configuration names) and uvicorn's workers call `app_from_env`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import orjson

from gateway.config import GatewayConfig, config_from_data, config_to_data
from gateway.server.http.app import create_app
from gateway.server.http.asgi import ASGIApp
from gateway.server.runtime.assemble import gateway_from_config, initial_supergraph
from gateway.server.runtime.collector import tune_collector
from gateway.server.runtime.orphan import stop_when_orphaned
from gateway.supergraph import SupergraphError
from gateway.telemetry import Telemetry
from gateway.usage import UsageObserver

__all__ = [
    "ENV_CONFIG",
    "ENV_SUPERVISOR",
    "StartFailure",
    "app_from_env",
    "build_app",
    "config_to_env",
]

ENV_CONFIG = "GATEWAY_CONFIG_JSON"
# The supervisor's pid, for the worker's watch (a worker still starting when its supervisor
# dies would otherwise take init, its parent by then, for its supervisor).
ENV_SUPERVISOR = "GATEWAY_SUPERVISOR_PID"


def config_to_env(config: GatewayConfig) -> dict[str, str]:
    """The environment a worker needs to build the same app as its parent (the caller)."""
    return {
        ENV_CONFIG: orjson.dumps(config_to_data(config)).decode(),
        ENV_SUPERVISOR: str(os.getpid()),
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class StartFailure:
    """Why the gateway cannot start, in one line, and the exit status that says so."""

    message: str
    # 2: the configuration itself is wrong; 1: what it points at cannot be read or served.
    exit_code: int


def _source(config: GatewayConfig) -> str:
    registry = config.supergraph.registry
    if registry is not None:
        return f"the registry's supergraph of {registry.graph}@{registry.variant}"
    return config.supergraph.file or config.supergraph.url or "the supergraph"


def build_app(config: GatewayConfig) -> ASGIApp | StartFailure:
    """The app for `config`, or why it cannot be served."""
    start = initial_supergraph(config)
    if isinstance(start, SupergraphError):
        return StartFailure(message=start.message, exit_code=1)
    try:
        gateway = gateway_from_config(config, sdl=start.sdl, origin=start.origin)
    except OSError as error:
        # A file the configuration names (JWKS, safelist manifest) cannot be read.
        where = error.filename or "a configured file"
        return StartFailure(message=f"cannot read {where}: {error.strerror or error}", exit_code=1)
    except ValueError as error:
        # The stages refuse settings the loader cannot judge alone (a secret too short, a
        # header rule naming a protected header, a malformed manifest), naming the setting.
        return StartFailure(message=f"configuration: {error}", exit_code=2)
    if isinstance(gateway, SupergraphError):
        message = f"{_source(config)} is not a usable supergraph: {gateway.message}"
        return StartFailure(message=message, exit_code=1)
    observer = gateway.observer
    if isinstance(observer, UsageObserver):
        observer = observer.inner
    if isinstance(observer, Telemetry):
        return create_app(gateway, config, metrics=observer.render_metrics, subscriptions=observer)
    return create_app(gateway, config)


def app_from_env() -> ASGIApp:
    """A worker's app, from the configuration its parent checked and serialised; the worker
    stops if its supervisor dies."""
    supervisor = os.environ.get(ENV_SUPERVISOR, "")
    stop_when_orphaned(int(supervisor) if supervisor.isdigit() else os.getppid())
    config = config_from_data(orjson.loads(os.environ[ENV_CONFIG]))
    app = build_app(config)
    if isinstance(app, StartFailure):
        raise RuntimeError(app.message)
    tune_collector(config.server.gc_gen0_threshold)
    return app
