"""Each of our subgraphs refuses to start without the secret it shares with the gateway."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

# Enough configuration for each app to be built (nothing connects before startup).
ENV = {
    "ACCOUNTS_DATABASE_URL": "postgresql://u@127.0.0.1:1/accounts",
    "SCHEDULING_DATABASE_URL": "postgresql+asyncpg://u@127.0.0.1:1/scheduling",
    "TUTORS_NEO4J_URL": "bolt://127.0.0.1:1",
    "REVIEWS_MONGO_URL": "mongodb://127.0.0.1:1/?directConnection=true",
    "JWT_SECRET": "j" * 40,
}


def _build(name: str, secret: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "GATEWAY_SHARED_SECRET"}
    env.update(ENV)
    if secret is not None:
        env["GATEWAY_SHARED_SECRET"] = secret
    code = f"import subgraphs.{name}.app as module; print(type(module.app).__name__)"
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize("name", ["accounts", "tutors", "reviews", "scheduling"])
def test_subgraph_app_needs_a_long_gateway_secret(name: str) -> None:
    for secret in (None, "short"):
        refused = _build(name, secret)
        assert refused.returncode != 0
        assert "GATEWAY_SHARED_SECRET must be set to at least 32 bytes" in refused.stderr
    built = _build(name, "g" * 32)
    assert built.returncode == 0, built.stderr
    assert built.stdout.strip() == "Starlette"
