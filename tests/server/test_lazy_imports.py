"""A gateway that does not use Redis does not load its client library: the library costs a
serving process ~18 MB (it loads OpenTelemetry's metrics SDK for its own observability), and
the benchmark's peak memory holds the gateway to what it needs."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from gateway.config.model import PersistedQueriesConfig
from gateway.policy.persisted import RedisStore, persisted_queries

PROBE = """
import json, sys
import gateway.cli.serve
from gateway.server.factory import app_from_env
from gateway.server.runtime import assemble
print(json.dumps(sorted(m for m in sys.modules if m == "redis" or m.startswith("redis."))))
"""


def _loaded(code: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    loaded: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return loaded


def test_serving_without_redis_loads_no_redis_module() -> None:
    assert _loaded(PROBE) == []


def test_the_probe_sees_redis_once_a_redis_store_is_asked_for() -> None:
    # The same probe after naming the lazy attribute: it must report the library then.
    asked = PROBE.replace("print(", "import gateway.policy.persisted as p; p.RedisStore\nprint(", 1)
    assert "redis.asyncio" in _loaded(asked)


def test_the_lazy_name_is_the_store_and_the_factory_still_builds_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from gateway.policy.persisted.redis_store import RedisStore as Direct

    assert RedisStore is Direct
    monkeypatch.setenv("APQ_REDIS_URL_FOR_TEST", "redis://127.0.0.1:1/0")
    config = PersistedQueriesConfig(store="redis", redis_url_env="APQ_REDIS_URL_FOR_TEST")
    stage = persisted_queries(config)
    assert type(stage).__name__ == "AutomaticPersistedQueries"
