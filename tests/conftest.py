"""Session-wide fixtures: the real store servers, started once and stopped at the end."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from gateway.graphiql.npm import InstallResult
from shared.stores import LocalStores, StoreUrls
from tests import clients
from tests.support import store_guard

# The session's platform (every subgraph on the seeded stores), for every directory.
from tests.support.platform import platform as platform
from tests.support.redis_server import RedisServer

# The guard's hooks: a store server that crashes is restarted and the test it broke runs again.
from tests.support.store_guard import (
    pytest_runtest_protocol as pytest_runtest_protocol,
)
from tests.support.store_guard import (
    pytest_terminal_summary as pytest_terminal_summary,
)


@pytest.fixture(scope="session")
def jwt_secret() -> str:
    """One signing key per test session, exported so subgraph processes share it."""
    secret = os.environ.get("JWT_SECRET") or secrets.token_urlsafe(48)
    os.environ["JWT_SECRET"] = secret
    return secret


@pytest.fixture(scope="session")
def gateway_secret() -> str:
    """The secret the gateway shares with the subgraphs, exported like `jwt_secret`."""
    secret = os.environ.get("GATEWAY_SHARED_SECRET") or secrets.token_urlsafe(48)
    os.environ["GATEWAY_SHARED_SECRET"] = secret
    return secret


@pytest.fixture(scope="session")
def signing_secret() -> bytes:
    """The platform's signing secret (quotes, receipts, notices), exported like `jwt_secret`."""
    secret = os.environ.get("PLATFORM_SIGNING_SECRET") or secrets.token_urlsafe(48)
    os.environ["PLATFORM_SIGNING_SECRET"] = secret
    return secret.encode()


@pytest.fixture(scope="session")
def stores(
    tmp_path_factory: pytest.TempPathFactory,
    jwt_secret: str,
    gateway_secret: str,
    signing_secret: bytes,
) -> Iterator[StoreUrls]:
    """PostgreSQL, FalkorDB, SecantusDB and localstripe on free loopback ports, with the
    subgraphs' env set (`StoreUrls.environment()`: store URLs and the local Stripe keys)."""
    data_dir = Path(tmp_path_factory.mktemp("stores"))
    local = LocalStores(data_dir)
    urls = local.start()
    saved = {k: os.environ.get(k) for k in urls.environment()}
    os.environ.update(urls.environment())
    guard = store_guard.install(local)
    try:
        yield urls
    finally:
        store_guard.uninstall(guard)
        local.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(scope="session")
def node_clients() -> InstallResult:
    """The npm client libraries of tests/clients, installed from their lock (a no-op while the
    install is current); Node.js comes with the dev dependencies, so this never skips."""
    return clients.install()


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """A plain Redis server on a loopback port (APQ store, rate-limit counters)."""
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
