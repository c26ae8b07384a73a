"""Every subgraph refuses to start without its store URL, saying which variable is missing."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.shared.subgraph.test_secret_required import ENV

URLS = {
    "accounts": "ACCOUNTS_DATABASE_URL",
    "tutors": "TUTORS_NEO4J_URL",
    "reviews": "REVIEWS_MONGO_URL",
    "scheduling": "SCHEDULING_DATABASE_URL",
    "payments": "PAYMENTS_DATABASE_URL",
    "learning": "LEARNING_DATABASE_URL",
}


@pytest.mark.parametrize(("name", "variable"), sorted(URLS.items()))
def test_subgraph_without_its_store_url_refuses_to_start(name: str, variable: str) -> None:
    env = {k: v for k, v in os.environ.items() if k not in URLS.values()}
    env.update({k: v for k, v in ENV.items() if k != variable})
    env["GATEWAY_SHARED_SECRET"] = "g" * 32
    code = f"import subgraphs.{name}.app as module; module.app"
    refused = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert refused.returncode != 0
    assert variable in refused.stderr
    assert "RuntimeError" in refused.stderr
