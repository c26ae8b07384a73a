"""CORS: preflights and response headers for allowed origins, nothing for the others."""

from __future__ import annotations

import httpx

from gateway.config import CorsConfig, GatewayConfig

from .inprocess import app_for, client_for

SPA = "https://app.example.com"
EVIL = "https://evil.example.net"
PREFLIGHT_ASK = {
    "access-control-request-method": "POST",
    "access-control-request-headers": "content-type",
}


async def _send(cors: CorsConfig, method: str, headers: dict[str, str]) -> httpx.Response:
    async with client_for(app_for(config=GatewayConfig(cors=cors))) as client:
        if method == "OPTIONS":
            return await client.options("/graphql", headers=headers)
        return await client.post("/graphql", json={"query": "{ me { id } }"}, headers=headers)


def _cors_headers(response: httpx.Response) -> dict[str, str]:
    return {k: v for k, v in response.headers.items() if k.startswith("access-control-")}


async def test_preflight_from_allowed_origin_is_answered() -> None:
    cors = CorsConfig(allow_origins=(SPA,), max_age_seconds=123)
    response = await _send(cors, "OPTIONS", {"origin": SPA, **PREFLIGHT_ASK})
    assert response.status_code == 204
    assert response.content == b""
    assert "content-length" not in response.headers
    headers = _cors_headers(response)
    assert headers["access-control-allow-origin"] == SPA
    assert headers["access-control-allow-methods"] == "GET, POST, OPTIONS"
    assert "content-type" in headers["access-control-allow-headers"]
    assert "graphql-preflight" in headers["access-control-allow-headers"]
    assert headers["access-control-max-age"] == "123"
    assert "access-control-allow-credentials" not in headers
    assert response.headers["vary"] == "Origin"


async def test_preflight_from_disallowed_origin_gets_no_cors_headers() -> None:
    cors = CorsConfig(allow_origins=(SPA,))
    response = await _send(cors, "OPTIONS", {"origin": EVIL, **PREFLIGHT_ASK})
    assert response.status_code == 204
    assert _cors_headers(response) == {}


async def test_allowed_origin_is_echoed_with_credentials_and_exposed_headers() -> None:
    cors = CorsConfig(allow_origins=(SPA,), allow_credentials=True)
    response = await _send(cors, "POST", {"origin": SPA})
    assert response.status_code == 200
    assert _cors_headers(response) == {
        "access-control-allow-origin": SPA,
        "access-control-allow-credentials": "true",
        "access-control-expose-headers": "x-request-id",
    }
    assert response.headers["vary"] == "Origin"


async def test_disallowed_origin_gets_an_answer_without_cors_headers() -> None:
    response = await _send(CorsConfig(allow_origins=(SPA,)), "POST", {"origin": EVIL})
    assert response.status_code == 200
    assert _cors_headers(response) == {}


async def test_wildcard_origin_is_star_and_never_with_credentials() -> None:
    cors = CorsConfig(allow_origins=("*",), allow_credentials=True)
    response = await _send(cors, "POST", {"origin": EVIL})
    headers = _cors_headers(response)
    assert headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in headers
    assert "vary" not in response.headers
    preflight = await _send(cors, "OPTIONS", {"origin": EVIL, **PREFLIGHT_ASK})
    assert _cors_headers(preflight)["access-control-allow-origin"] == "*"


async def test_default_config_sends_no_cors_headers() -> None:
    response = await _send(CorsConfig(), "POST", {"origin": SPA})
    assert _cors_headers(response) == {}
    preflight = await _send(CorsConfig(), "OPTIONS", {"origin": SPA, **PREFLIGHT_ASK})
    assert _cors_headers(preflight) == {}


async def test_plain_options_lists_the_allowed_methods() -> None:
    response = await _send(CorsConfig(allow_origins=(SPA,)), "OPTIONS", {})
    assert response.status_code == 204
    assert response.headers["allow"] == "GET, POST, OPTIONS"
