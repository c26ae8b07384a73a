"""Builds the ASGI app a configuration describes, in the serving process or in each worker.

`gateway.cli.serve` calls `build_app` directly; with `--workers N` it puts the whole resolved
configuration, as JSON, in one environment variable (`ENV_CONFIG`: no secrets, those stay in the
variables the configuration names) and uvicorn's workers call `app_from_env`.
"""

from __future__ import annotations

import os

import orjson

from gateway.config import GatewayConfig, config_from_data, config_to_data
from gateway.server.app import create_app
from gateway.server.asgi import ASGIApp
from gateway.server.assemble import gateway_from_config
from gateway.supergraph import SupergraphError
from gateway.telemetry import Telemetry

__all__ = ["ENV_CONFIG", "app_from_env", "build_app", "config_to_env"]

ENV_CONFIG = "GATEWAY_CONFIG_JSON"


def config_to_env(config: GatewayConfig) -> dict[str, str]:
    """The environment a worker needs to build the same app as its parent."""
    return {ENV_CONFIG: orjson.dumps(config_to_data(config)).decode()}


def build_app(config: GatewayConfig) -> ASGIApp | str:
    """The app for `config`, or one line saying why the supergraph cannot be served."""
    source = config.supergraph.file
    try:
        gateway = gateway_from_config(config)
    except OSError as error:
        return f"cannot read {source}: {error.strerror or error}"
    if isinstance(gateway, SupergraphError):
        return f"{source} is not a usable supergraph: {gateway.message}"
    observer = gateway.observer
    metrics = observer.render_metrics if isinstance(observer, Telemetry) else None
    return create_app(gateway, config, metrics=metrics)


def app_from_env() -> ASGIApp:
    """A worker's app, from the configuration its parent checked and serialised."""
    config = config_from_data(orjson.loads(os.environ[ENV_CONFIG]))
    app = build_app(config)
    if isinstance(app, str):
        raise RuntimeError(app)
    return app
