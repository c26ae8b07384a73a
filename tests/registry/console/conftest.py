"""The console's fixtures: one registry process per module on a database of its own (with the
platform's JWT key and a session key), filled by the scenario in `scenario.py` (whose gateway
serves the session's platform)."""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.registry.conftest import Registry, running_registry
from tests.registry.console.scenario import JWT_SECRET, SESSION_SECRET, Scene, fill
from tests.support.platform import Platform


@pytest.fixture(scope="module")
def scene(
    module_database: str, platform: Platform, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Scene]:
    token = "admin-" + secrets.token_urlsafe(24)
    env = {"JWT_SECRET": JWT_SECRET, "REGISTRY_SESSION_SECRET": SESSION_SECRET}
    with running_registry(module_database, token, extra_env=env) as url:
        registry = Registry(url=url, admin_token=token, database_url=module_database)
        yield fill(registry, Path(tmp_path_factory.mktemp("console")), platform)


@contextlib.contextmanager
def signed_in(base: str, token: str) -> Iterator[httpx.Client]:
    """An HTTP client holding a console session for `token`, as a browser would."""
    with httpx.Client(base_url=base, follow_redirects=False) as client:
        answer = client.post("/console/sign-in", data={"token": token}, headers={"Origin": base})
        assert answer.status_code == 303, answer.text
        yield client
