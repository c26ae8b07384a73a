"""Over a real socket: dev mode lets local SPA dev servers call the gateway (CORS), production
sends no CORS headers unless configured, and Apollo's health path answers like /health."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from gateway.config import GatewayConfig, load_config
from tests.support.servers import serve_in_thread

from .inprocess import PREFLIGHT, app_for

PREFLIGHT_ASK = {
    "access-control-request-method": "POST",
    "access-control-request-headers": "content-type, authorization",
}


def _serve(config: GatewayConfig) -> Iterator[httpx.Client]:
    with serve_in_thread(app_for(config=config)) as base, httpx.Client(base_url=base) as client:
        yield client


@pytest.fixture(scope="module")
def dev() -> Iterator[httpx.Client]:
    yield from _serve(load_config(None, env={}, dev=True))


@pytest.fixture(scope="module")
def production() -> Iterator[httpx.Client]:
    yield from _serve(load_config(None, env={}))


@pytest.mark.parametrize(
    "origin", ["http://localhost:5173", "http://127.0.0.1:3000", "http://localhost"]
)
def test_dev_answers_a_local_spa_preflight_and_request(dev: httpx.Client, origin: str) -> None:
    preflight = dev.options("/graphql", headers={"origin": origin, **PREFLIGHT_ASK})
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == origin
    assert "authorization" in preflight.headers["access-control-allow-headers"]
    answer = dev.post(
        "/graphql", json={"query": "{ me { name } }"}, headers={"origin": origin, **PREFLIGHT}
    )
    assert answer.json() == {"data": {"me": {"name": "Ada"}}}
    assert answer.headers["access-control-allow-origin"] == origin
    assert answer.headers["vary"] == "Origin"


@pytest.mark.parametrize(
    "origin",
    [
        "https://localhost:5173",  # another scheme
        "http://localhost.evil.net:5173",  # `*` never spans a dot
        "http://localhost:5173.evil.net",
        "http://evil.example.net",
    ],
)
def test_dev_allows_only_local_origins(dev: httpx.Client, origin: str) -> None:
    preflight = dev.options("/graphql", headers={"origin": origin, **PREFLIGHT_ASK})
    assert "access-control-allow-origin" not in preflight.headers


def test_production_sends_no_cors_headers_by_default(production: httpx.Client) -> None:
    origin = "http://localhost:5173"
    preflight = production.options("/graphql", headers={"origin": origin, **PREFLIGHT_ASK})
    assert not [name for name in preflight.headers if name.startswith("access-control-")]


def test_a_subdomain_pattern_allows_its_subdomains_only() -> None:
    config = load_config(None, env={}, overrides={"cors.allow_origins": ["https://*.example.com"]})
    with serve_in_thread(app_for(config=config)) as base, httpx.Client(base_url=base) as client:
        for origin, allowed in [
            ("https://app.example.com", True),
            ("https://example.com", False),
            ("https://a.b.example.com", False),
            ("https://app.example.com.evil.net", False),
        ]:
            response = client.options("/graphql", headers={"origin": origin, **PREFLIGHT_ASK})
            assert ("access-control-allow-origin" in response.headers) is allowed, origin


def test_apollo_health_path_answers_like_health(production: httpx.Client) -> None:
    apollo = production.get("/.well-known/apollo/server-health")
    health = production.get("/health")
    assert apollo.status_code == health.status_code == 200
    assert apollo.json() == health.json() == {"status": "ok"}
    assert apollo.headers["content-type"] == health.headers["content-type"]
    assert production.head("/.well-known/apollo/server-health").status_code == 200
