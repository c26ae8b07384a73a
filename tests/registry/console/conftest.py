"""The console's fixtures: one registry process per module on a database of its own (with the
platform's JWT key and a session key), filled by the scenario in `scenario.py`."""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.registry.conftest import Registry, running_registry
from tests.registry.console.scenario import JWT_SECRET, SESSION_SECRET, Scene, fill


@pytest.fixture(scope="module")
def scene(module_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scene]:
    token = "admin-" + secrets.token_urlsafe(24)
    env = {"JWT_SECRET": JWT_SECRET, "REGISTRY_SESSION_SECRET": SESSION_SECRET}
    with running_registry(module_database, token, extra_env=env) as url:
        registry = Registry(url=url, admin_token=token, database_url=module_database)
        yield fill(registry, Path(tmp_path_factory.mktemp("console")))


@contextlib.contextmanager
def signed_in(base: str, token: str) -> Iterator[httpx.Client]:
    """An HTTP client holding a console session for `token`, as a browser would."""
    with httpx.Client(base_url=base, follow_redirects=False) as client:
        answer = client.post("/console/sign-in", data={"token": token}, headers={"Origin": base})
        assert answer.status_code == 303, answer.text
        yield client
