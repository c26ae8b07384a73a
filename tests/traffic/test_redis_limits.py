"""Limits counted in a real Redis: replicas share them; a Redis outage never takes the gateway
down, and `on_store_failure` decides what the limits do meanwhile."""

from __future__ import annotations

import contextlib
import time
import uuid
from typing import Any

import httpx

from tests.support.redis_server import RedisServer

from .stack import serve_gateway

HELLO = {"query": "{ hello }"}


def _data(limit: int, on_failure: str = "local", window: float = 60) -> dict[str, Any]:
    return {
        "rate_limits": {
            "store": "redis",
            "redis_key_prefix": f"test:{uuid.uuid4().hex}:",
            "on_store_failure": on_failure,
            "per_client": {"limit": limit, "window_seconds": window},
        }
    }


def _status(client: httpx.Client) -> int:
    return client.post("/graphql", json=HELLO).status_code


def test_replicas_share_the_counts(live_redis: RedisServer, sdl: str) -> None:
    data = _data(3)
    env = {"GATEWAY_RATE_LIMIT_REDIS_URL": live_redis.url}
    with serve_gateway(data, sdl, env) as (one, _), serve_gateway(data, sdl, env) as (two, _):
        assert [_status(one), _status(two), _status(one)] == [200, 200, 200]
        assert _status(two) == 429
        assert _status(one) == 429


def test_sub_second_windows_refill_in_redis(live_redis: RedisServer, sdl: str) -> None:
    env = {"GATEWAY_RATE_LIMIT_REDIS_URL": live_redis.url}
    with serve_gateway(_data(2, window=0.4), sdl, env) as (client, _):
        assert [_status(client) for _ in range(3)] == [200, 200, 429]
        time.sleep(0.25)
        assert [_status(client) for _ in range(2)] == [200, 429]


@contextlib.contextmanager
def _outage(redis: RedisServer) -> Any:
    redis.stop()
    try:
        yield
    finally:
        redis.start()


def test_an_outage_falls_back_to_local_counts_then_shares_again(
    live_redis: RedisServer, sdl: str
) -> None:
    env = {"GATEWAY_RATE_LIMIT_REDIS_URL": live_redis.url}
    data = _data(2)
    with serve_gateway(data, sdl, env) as (client, _):
        assert _status(client) == 200  # counted in Redis
        with _outage(live_redis):
            started = time.monotonic()
            # The gateway keeps answering, and keeps limiting (in this process).
            assert [_status(client) for _ in range(3)] == [200, 200, 429]
            assert time.monotonic() - started < 5
            metrics = client.get("/metrics").text
            assert "gateway_rate_limit_store_errors_total 1.0" in metrics
        time.sleep(2.1)  # the pause after a failure
        # Redis restarted empty: counting there again.
        assert [_status(client) for _ in range(3)] == [200, 200, 429]


def test_allow_lets_everything_through_while_redis_is_down(
    live_redis: RedisServer, sdl: str
) -> None:
    env = {"GATEWAY_RATE_LIMIT_REDIS_URL": live_redis.url}
    with serve_gateway(_data(1, "allow"), sdl, env) as (client, _), _outage(live_redis):
        assert [_status(client) for _ in range(5)] == [200] * 5


def test_deny_refuses_while_redis_is_down(live_redis: RedisServer, sdl: str) -> None:
    env = {"GATEWAY_RATE_LIMIT_REDIS_URL": live_redis.url}
    with serve_gateway(_data(100, "deny"), sdl, env) as (client, _):
        assert _status(client) == 200
        with _outage(live_redis):
            refused = client.post("/graphql", json=HELLO)
            assert refused.status_code == 429
            assert int(refused.headers["retry-after"]) >= 1
            assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
            # Health does not depend on Redis.
            assert client.get("/health").status_code == 200


def test_a_gateway_started_while_redis_is_down_serves(live_redis: RedisServer, sdl: str) -> None:
    env = {"GATEWAY_RATE_LIMIT_REDIS_URL": live_redis.url}
    with _outage(live_redis), serve_gateway(_data(2), sdl, env) as (client, _):
        assert [_status(client) for _ in range(3)] == [200, 200, 429]
