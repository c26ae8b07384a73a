"""A gateway loads what it uses: without Redis, not its client library (~18 MB of a serving
process: it loads OpenTelemetry's metrics SDK for its own observability); with tracing off, not
OpenTelemetry's SDK (~3 MB). The benchmark's peak memory holds the gateway to what it needs."""

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
heavy = ("redis", "opentelemetry.sdk")
below = tuple(h + "." for h in heavy)
print(json.dumps(sorted(m for m in sys.modules if m in heavy or m.startswith(below))))
"""


def _loaded(code: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    loaded: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return loaded


def test_serving_without_redis_or_tracing_loads_neither_library() -> None:
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


def test_the_probe_sees_the_sdk_once_tracing_is_on() -> None:
    on = PROBE.replace(
        "print(",
        "from gateway.config.model import TelemetryConfig\n"
        "from gateway.telemetry.tracing import tracing_from_config\n"
        "assert tracing_from_config(TelemetryConfig(tracing_exporter='console')) is not None\n"
        "print(",
        1,
    )
    assert "opentelemetry.sdk.trace" in _loaded(on)
