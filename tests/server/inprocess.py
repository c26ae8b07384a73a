"""The app in-process over ASGI (no socket), on the pipeline stand-ins of tests/pipeline."""

from __future__ import annotations

from typing import Any

import httpx

from gateway.config import GatewayConfig
from gateway.pipeline import RequestPipeline
from gateway.server import Gateway, create_app
from gateway.server.http.app import MetricsRenderer
from gateway.server.http.asgi import ASGIApp
from gateway.transport import SubgraphHttpClient
from tests.pipeline.standins import CountingPlanner, FakeSupergraph, RecordingFetch

ME = {"me": {"id": "1", "name": "Ada"}}
# A header that passes CSRF protection, as a well-behaved client sends it.
PREFLIGHT = {"graphql-preflight": "1"}


def stand_in_gateway(**kwargs: Any) -> Gateway:
    pipeline = RequestPipeline(FakeSupergraph(), CountingPlanner(), RecordingFetch(ME))
    return Gateway(pipeline=pipeline, client=SubgraphHttpClient({}), **kwargs)


def app_for(
    gateway: Gateway | None = None,
    config: GatewayConfig | None = None,
    metrics: MetricsRenderer | None = None,
) -> ASGIApp:
    return create_app(gateway or stand_in_gateway(), config or GatewayConfig(), metrics=metrics)


def client_for(app: ASGIApp) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gateway")
