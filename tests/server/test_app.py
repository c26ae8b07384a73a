"""The app's routes besides GraphQL: health, readiness, metrics, GraphiQL, refusals, lifespan."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

import pytest

import gateway.server.http.app as app_module
from gateway.config import GatewayConfig, GraphiQLConfig, ServerConfig, TelemetryConfig
from gateway.graphiql import PAGE_CSP, graphiql_page

from .inprocess import PREFLIGHT, app_for, client_for, stand_in_gateway

BROWSER = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
WITH_GRAPHIQL = GatewayConfig(graphiql=GraphiQLConfig(enabled=True))


def _metrics() -> tuple[bytes, str]:
    return b"requests_total 3\n", "text/plain; version=0.0.4"


async def test_health_is_200_while_serving() -> None:
    async with client_for(app_for()) as client:
        response = await client.get("/health")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


@pytest.mark.parametrize(("ready", "status"), [(True, 200), (False, 503)])
async def test_ready_follows_the_gateway(ready: bool, status: int) -> None:
    async def readiness() -> bool:
        return ready

    async with client_for(app_for(stand_in_gateway(readiness=readiness))) as client:
        response = await client.get("/ready")
    assert response.status_code == status


async def test_failing_readiness_check_is_503() -> None:
    async def readiness() -> bool:
        raise ConnectionError("subgraph down")

    async with client_for(app_for(stand_in_gateway(readiness=readiness))) as client:
        response = await client.get("/ready")
    assert (response.status_code, response.json()) == (503, {"status": "not ready"})


async def test_metrics_are_served_when_given_and_enabled() -> None:
    config = GatewayConfig(telemetry=TelemetryConfig(metrics_path="/prom"))
    async with client_for(app_for(config=config, metrics=_metrics)) as client:
        response = await client.get("/prom")
    assert response.status_code == 200
    assert response.content == b"requests_total 3\n"
    assert response.headers["content-type"] == "text/plain; version=0.0.4"


async def test_metrics_are_absent_when_disabled_or_not_given() -> None:
    disabled = GatewayConfig(telemetry=TelemetryConfig(metrics_enabled=False))
    for app in (app_for(config=disabled, metrics=_metrics), app_for()):
        async with client_for(app) as client:
            assert (await client.get("/metrics")).status_code == 404


async def test_graphiql_page_is_served_to_browsers_when_enabled() -> None:
    async with client_for(app_for(config=WITH_GRAPHIQL)) as client:
        page = await client.get("/graphql", headers=BROWSER)
        query = await client.get(
            "/graphql", params={"query": "{ me { name } }"}, headers={**BROWSER, **PREFLIGHT}
        )
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.content == graphiql_page(WITH_GRAPHIQL)
    assert page.headers["content-security-policy"] == PAGE_CSP
    assert query.json() == {"data": {"me": {"name": "Ada"}}}


async def test_graphiql_is_not_served_when_disabled() -> None:
    async with client_for(app_for()) as client:
        page = await client.get("/graphql", headers=BROWSER)
        asset = await client.get("/graphiql/assets/graphiql.css")
    assert page.status_code == 400
    assert "'query'" in page.json()["errors"][0]["message"]
    assert asset.status_code == 404


async def test_graphiql_assets_come_from_the_graphiql_package(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[tuple[str, str | None]] = []

    def fake_asset(path: str, *, assets_dir: str | None = None) -> tuple[bytes, str] | None:
        asked.append((path, assets_dir))
        return (b"body{}", "text/css") if path == "css/graphiql.css" else None

    monkeypatch.setattr(app_module, "asset", fake_asset)
    config = GatewayConfig(graphiql=GraphiQLConfig(enabled=True, assets_dir="/opt/graphiql"))
    async with client_for(app_for(config=config)) as client:
        found = await client.get("/graphiql/assets/css/graphiql.css")
        missing = await client.get("/graphiql/assets/nope.js")
    assert (found.status_code, found.content, found.headers["content-type"]) == (
        200,
        b"body{}",
        "text/css",
    )
    assert missing.status_code == 404
    assert asked == [("css/graphiql.css", "/opt/graphiql"), ("nope.js", "/opt/graphiql")]


async def test_graphql_path_comes_from_config() -> None:
    config = GatewayConfig(server=ServerConfig(graphql_path="/api/graphql"))
    async with client_for(app_for(config=config)) as client:
        moved = await client.post("/api/graphql", json={"query": "{ me { name } }"})
        old = await client.post("/graphql", json={"query": "{ me { name } }"})
    assert moved.json() == {"data": {"me": {"name": "Ada"}}}
    assert old.status_code == 404


async def test_unknown_path_and_method_are_refused_with_json() -> None:
    async with client_for(app_for()) as client:
        unknown = await client.get("/nope")
        put = await client.put("/graphql", content=b"{}")
        post_health = await client.post("/health")
    assert unknown.status_code == 404
    assert unknown.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert (put.status_code, put.headers["allow"]) == (405, "GET, POST, OPTIONS")
    assert put.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"
    assert (post_health.status_code, post_health.headers["allow"]) == (405, "GET")


async def test_lifespan_shutdown_closes_the_gateway() -> None:
    gateway = stand_in_gateway()
    closed: list[bool] = []

    async def close() -> None:
        closed.append(True)

    gateway.close = close  # type: ignore[method-assign]
    inbox: list[dict[str, Any]] = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return inbox.pop(0)

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(dict(message))

    await app_for(gateway)({"type": "lifespan"}, receive, send)
    assert [m["type"] for m in sent] == ["lifespan.startup.complete", "lifespan.shutdown.complete"]
    assert closed == [True]
