"""CORS, CSRF and the request id through uvicorn on a real socket, as a browser meets them."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from gateway.config import CorsConfig, GatewayConfig
from tests.support.servers import serve_in_thread

from .inprocess import PREFLIGHT, app_for

SPA = "https://app.example.com"


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    config = GatewayConfig(cors=CorsConfig(allow_origins=(SPA,), allow_credentials=True))
    with serve_in_thread(app_for(config=config)) as base, httpx.Client(base_url=base) as client:
        yield client


def test_preflight_is_204_without_content_headers(client: httpx.Client) -> None:
    response = client.options(
        "/graphql",
        headers={
            "origin": SPA,
            "access-control-request-method": "GET",
            "access-control-request-headers": "graphql-preflight",
        },
    )
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == SPA
    assert response.headers["access-control-allow-credentials"] == "true"
    assert "content-length" not in response.headers


def test_cross_origin_get_with_preflight_header_runs(client: httpx.Client) -> None:
    response = client.get(
        "/graphql",
        params={"query": "{ me { name } }"},
        headers={"origin": SPA, "x-request-id": "from-the-spa", **PREFLIGHT},
    )
    assert response.json() == {"data": {"me": {"name": "Ada"}}}
    assert response.headers["access-control-allow-origin"] == SPA
    assert response.headers["x-request-id"] == "from-the-spa"


def test_cross_site_form_post_is_refused(client: httpx.Client) -> None:
    response = client.post(
        "/graphql",
        content=b"query=%7B+me+%7B+name+%7D+%7D",
        headers={
            "origin": "https://evil.example.net",
            "content-type": "application/x-www-form-urlencoded",
        },
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "CSRF_PREFLIGHT_REQUIRED"
    assert "access-control-allow-origin" not in response.headers
