"""Each of our subgraphs refuses to start without the secret it shares with the gateway, and
those that sign or verify each other's tokens without the platform's signing secret."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

# Enough configuration for each app to be built (nothing connects before startup).
ENV = {
    "ACCOUNTS_DATABASE_URL": "postgresql://u@127.0.0.1:1/accounts",
    "SCHEDULING_DATABASE_URL": "postgresql+asyncpg://u@127.0.0.1:1/scheduling",
    "PAYMENTS_DATABASE_URL": "postgresql+asyncpg://u@127.0.0.1:1/payments",
    "LEARNING_DATABASE_URL": "postgresql+asyncpg://u@127.0.0.1:1/learning",
    "TUTORS_NEO4J_URL": "bolt://127.0.0.1:1",
    "REVIEWS_MONGO_URL": "mongodb://127.0.0.1:1/?directConnection=true",
    "PAYMENTS_STRIPE_API_KEY": "sk_test_local",
    "PAYMENTS_STRIPE_WEBHOOK_SECRET": "whsec_local",
    "JWT_SECRET": "j" * 40,
    "PLATFORM_SIGNING_SECRET": "p" * 40,
}
SUBGRAPHS = ("accounts", "tutors", "reviews", "scheduling", "payments", "learning")


def _build(name: str, secret: str | None, without: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "GATEWAY_SHARED_SECRET"}
    env.update(ENV)
    env.pop(without, None)
    if secret is not None:
        env["GATEWAY_SHARED_SECRET"] = secret
    code = f"import subgraphs.{name}.app as module; print(type(module.app).__name__)"
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize("name", SUBGRAPHS)
def test_subgraph_app_needs_a_long_gateway_secret(name: str) -> None:
    for secret in (None, "short"):
        refused = _build(name, secret)
        assert refused.returncode != 0
        assert "GATEWAY_SHARED_SECRET must be set to at least 32 bytes" in refused.stderr
    built = _build(name, "g" * 32)
    assert built.returncode == 0, built.stderr
    assert built.stdout.strip() == "Starlette"


@pytest.mark.parametrize("name", ["scheduling", "payments", "learning"])
def test_subgraph_that_signs_or_verifies_needs_the_signing_secret(name: str) -> None:
    refused = _build(name, "g" * 32, without="PLATFORM_SIGNING_SECRET")
    assert refused.returncode != 0
    assert "PLATFORM_SIGNING_SECRET must be set to at least 32 bytes" in refused.stderr


@pytest.mark.parametrize("variable", ["PAYMENTS_STRIPE_API_KEY", "PAYMENTS_STRIPE_WEBHOOK_SECRET"])
def test_payments_serves_only_with_both_stripe_keys(variable: str) -> None:
    refused = _build("payments", "g" * 32, without=variable)
    assert refused.returncode != 0
    assert "PAYMENTS_STRIPE_API_KEY and PAYMENTS_STRIPE_WEBHOOK_SECRET" in refused.stderr
