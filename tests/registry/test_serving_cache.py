"""The gateways' supergraph endpoint answers an unchanged poll from memory, and a publish made
through another registry process reaches it at once (PostgreSQL NOTIFY)."""

from __future__ import annotations

import secrets
import time
from pathlib import Path

import httpx
import pytest

from registry.service.app import build_app
from registry.settings import RegistrySettings
from tests.registry.conftest import run_cli, running_registry
from tests.registry.schemas import PRODUCTS, REVIEWS, write
from tests.support.servers import serve_in_thread

pytestmark = pytest.mark.stores


def _publish(url: str, token: str, tmp: Path, name: str, sdl: str) -> None:
    result = run_cli(
        "subgraph",
        "publish",
        "--graph",
        "shop",
        "--name",
        name,
        "--schema",
        write(tmp, name, sdl),
        "--url",
        f"http://{name}.internal/graphql",
        url=url,
        token=token,
    )
    assert result.status == 0, result.out + result.err


def test_unchanged_polls_cost_no_database_read_and_publishes_invalidate(
    registry_database: str, tmp_path: Path
) -> None:
    token = "admin-" + secrets.token_urlsafe(24)
    settings = RegistrySettings(database_url=registry_database, admin_token=token)
    app = build_app(settings)
    cache = app.state.cache
    with serve_in_thread(app) as here, running_registry(registry_database, token) as other:
        _publish(here, token, tmp_path, "products", PRODUCTS)
        headers = {"Authorization": f"Bearer {token}"}
        endpoint = f"{here}/graphs/shop/variants/current/supergraph"
        first = httpx.get(endpoint, headers=headers)
        assert first.status_code == 200
        assert cache.listening
        reads = cache.database_reads
        for _ in range(20):
            polled = httpx.get(
                endpoint, headers={**headers, "If-None-Match": first.headers["etag"]}
            )
            assert polled.status_code == 304
        assert cache.database_reads == reads, "unchanged polls read the database"

        # A publish through the other registry process: this one hears of it and re-reads.
        _publish(other, token, tmp_path, "reviews", REVIEWS)
        deadline = time.monotonic() + 10
        while True:
            polled = httpx.get(
                endpoint, headers={**headers, "If-None-Match": first.headers["etag"]}
            )
            if polled.status_code == 200 or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        assert polled.status_code == 200
        assert "REVIEWS" in polled.text
        assert cache.database_reads > reads

        # A revoked token is refused at once, although it was cached as valid.
        created = run_cli(
            "token", "create", "--name", "short-lived", "--scope", "read", url=here, token=token
        )
        reader = {"Authorization": f"Bearer {created.out.strip()}"}
        assert httpx.get(endpoint, headers=reader).status_code == 200
        revoked = httpx.post(
            f"{other}/graphql",
            json={"query": 'mutation { revokeToken(name: "short-lived") }'},
            headers=headers,
        )
        assert revoked.json() == {"data": {"revokeToken": 1}}
        deadline = time.monotonic() + 10
        while httpx.get(endpoint, headers=reader).status_code != 401:
            assert time.monotonic() < deadline, "the revoked token is still accepted"
            time.sleep(0.05)
