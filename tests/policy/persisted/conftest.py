"""A real Redis server for the APQ store tests, started once per session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.policy.persisted.redis_server import RedisServer


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def live_redis(redis_server: RedisServer) -> RedisServer:
    """The session's server, running (a test that stopped it may have left it down)."""
    redis_server.start()
    return redis_server
