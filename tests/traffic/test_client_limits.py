"""Client rate limits over real sockets: 429 with Retry-After and RATE_LIMITED, per client
(token subject, else address, X-Forwarded-For only from trusted proxies) and for everyone."""

from __future__ import annotations

import logging
import time
from typing import Any

import httpx
import jwt
import pytest
from prometheus_client.parser import text_string_to_metric_families

from .stack import HS_SECRET, serve_gateway

HELLO = {"query": "{ hello }"}
JSON = {"accept": "application/json"}


def _token(subject: str) -> str:
    claims = {"sub": subject, "exp": int(time.time()) + 600}
    return jwt.encode(claims, HS_SECRET, algorithm="HS256")


def _ask(client: httpx.Client, headers: dict[str, str] | None = None) -> httpx.Response:
    return client.post("/graphql", json=HELLO, headers=headers)


def _assert_limited(response: httpx.Response, limit: str) -> None:
    assert response.status_code == 429
    assert 1 <= int(response.headers["retry-after"]) <= 60
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": "RATE_LIMITED"}
    assert f"'{limit}'" in error["message"]
    assert "data" not in response.json()


def test_a_client_over_its_limit_gets_429_with_retry_after(sdl: str) -> None:
    rate = {"per_client": {"limit": 3, "window_seconds": 60}}
    with serve_gateway({"rate_limits": rate}, sdl) as (client, _):
        for _ in range(3):
            assert _ask(client).json() == {"data": {"hello": "world"}}
        _assert_limited(_ask(client), "per_client")
        # Legacy application/json keeps the 429: it is not a GraphQL validation error.
        legacy = client.post("/graphql", json=HELLO, headers=JSON)
        _assert_limited(legacy, "per_client")
        metrics = {
            (s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(client.get("/metrics").text)
            for s in family.samples
        }
        assert metrics[("gateway_rate_limited_requests_total", (("limit", "per_client"),))] == 2
        assert metrics[("gateway_graphql_errors_total", (("code", "RATE_LIMITED"),))] == 2


def test_the_limit_refills_evenly(sdl: str) -> None:
    # 2 per 0.4 s: after the burst, one more every 0.2 s.
    rate = {"per_client": {"limit": 2, "window_seconds": 0.4}}
    with serve_gateway({"rate_limits": rate}, sdl) as (client, _):
        assert [_ask(client).status_code for _ in range(3)] == [200, 200, 429]
        time.sleep(0.25)
        assert [_ask(client).status_code for _ in range(2)] == [200, 429]


def test_token_subjects_are_counted_apart_and_anonymous_clients_by_address(sdl: str) -> None:
    rate = {"per_client": {"limit": 2, "window_seconds": 60}}
    with serve_gateway({"rate_limits": rate}, sdl) as (client, _):
        ada = {"authorization": f"Bearer {_token('ada')}"}
        grace = {"authorization": f"Bearer {_token('grace')}"}
        assert [_ask(client, ada).status_code for _ in range(3)] == [200, 200, 429]
        assert [_ask(client, grace).status_code for _ in range(3)] == [200, 200, 429]
        assert [_ask(client).status_code for _ in range(3)] == [200, 200, 429]


def test_refused_tokens_still_count_by_address(sdl: str) -> None:
    rate = {"per_client": {"limit": 2, "window_seconds": 60}}
    with serve_gateway({"rate_limits": rate}, sdl) as (client, _):
        bad = {"authorization": "Bearer not-a-token"}
        assert [_ask(client, bad).status_code for _ in range(3)] == [401, 401, 429]
        assert _ask(client).status_code == 429  # same address, no token


def test_forwarded_for_is_ignored_from_an_untrusted_peer(sdl: str) -> None:
    rate = {"per_client": {"limit": 1, "window_seconds": 60}}
    with serve_gateway({"rate_limits": rate}, sdl) as (client, _):
        assert _ask(client, {"x-forwarded-for": "203.0.113.1"}).status_code == 200
        # Another claimed address from the same peer: still the same client.
        assert _ask(client, {"x-forwarded-for": "203.0.113.2"}).status_code == 429


def test_forwarded_for_names_the_client_behind_a_trusted_proxy(sdl: str) -> None:
    data: dict[str, Any] = {
        "server": {"trusted_proxies": ["127.0.0.0/8"]},
        "rate_limits": {"per_client": {"limit": 1, "window_seconds": 60}},
    }
    with serve_gateway(data, sdl) as (client, _):
        first = {"x-forwarded-for": "203.0.113.1"}
        # A client spoofing a hop on the left does not change who it is: the rightmost
        # untrusted hop (the one our proxy appended) is.
        spoofed = {"x-forwarded-for": "198.51.100.7, 203.0.113.1"}
        assert _ask(client, first).status_code == 200
        assert _ask(client, spoofed).status_code == 429
        assert _ask(client, {"x-forwarded-for": "203.0.113.2"}).status_code == 200
        # A chain of trusted proxies is walked through.
        assert _ask(client, {"x-forwarded-for": "203.0.113.3, 127.0.0.5"}).status_code == 200
        assert _ask(client, {"x-forwarded-for": "203.0.113.3"}).status_code == 429


def test_all_clients_share_one_limit(sdl: str) -> None:
    rate = {"all_clients": {"limit": 3, "window_seconds": 60}}
    with serve_gateway({"rate_limits": rate}, sdl) as (client, _):
        ada = {"authorization": f"Bearer {_token('ada')}"}
        grace = {"authorization": f"Bearer {_token('grace')}"}
        assert _ask(client, ada).status_code == 200
        assert _ask(client, grace).status_code == 200
        assert _ask(client).status_code == 200
        _assert_limited(_ask(client, ada), "all_clients")


def test_no_limits_configured_means_no_limiter(sdl: str) -> None:
    with serve_gateway({}, sdl) as (client, gateway):
        assert gateway.limits is None
        assert all(_ask(client).status_code == 200 for _ in range(50))


def test_refusals_are_not_logged_one_by_one_in_production(
    sdl: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="gateway.access")
    rate = {"per_client": {"limit": 1, "window_seconds": 60}}
    with serve_gateway({"rate_limits": rate}, sdl) as (client, _):
        statuses = [_ask(client).status_code for _ in range(20)]
        assert client.post("/graphql", json={"query": "{ nope }"}).status_code == 429
    assert statuses == [200] + [429] * 19
    assert [r for r in caplog.records if r.name == "gateway.access"] == []
