"""Traffic settings (rate limits, breaker, retries, batching, proxies, CORS origins, sampling):
typed, range-checked and refused at load time with the key named."""

from __future__ import annotations

import orjson
import pytest

from gateway.config import (
    ConfigError,
    OperationRateLimit,
    RateLimit,
    config_from_data,
    config_to_data,
    load_config,
)

SIGN_IN = {"fields": ["Mutation.signIn"], "limit": 5, "window_seconds": 60}


def _refusal(env: dict[str, str] | None = None, **overrides: object) -> str:
    with pytest.raises(ConfigError) as caught:
        load_config(None, env=env or {}, overrides=overrides)
    return str(caught.value)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        (
            "rate_limits.per_client",
            {"limit": 0, "window_seconds": 1},
            "rate_limits.per_client.limit: must be at least 1",
        ),
        (
            "rate_limits.all_clients",
            {"limit": 5, "window_seconds": 0},
            "rate_limits.all_clients.window_seconds: must be positive",
        ),
        (
            "rate_limits.per_client",
            {"limit": 5},
            "rate_limits.per_client.window_seconds: required: a number",
        ),
        (
            "rate_limits.per_client",
            {"limit": 5, "window": 1},
            "rate_limits.per_client.window: unknown key (did you mean 'window_s",
        ),
        (
            "rate_limits.subgraphs",
            {"reviews": {"limit": -1, "window_seconds": 1}},
            "rate_limits.subgraphs.reviews.limit: must be at least 1",
        ),
        (
            "rate_limits.store",
            "disk",
            "rate_limits.store: expected one of 'memory', 'redis', got 'disk'",
        ),
        (
            "rate_limits.on_store_failure",
            "open",
            "rate_limits.on_store_failure: expected one of 'local', 'allow', 'deny'",
        ),
        (
            "rate_limits.redis_timeout_seconds",
            0,
            "rate_limits.redis_timeout_seconds: must be positive",
        ),
        (
            "rate_limits.operations",
            [{**SIGN_IN, "fields": []}],
            "rate_limits.operations[0].fields: needs at least one root field",
        ),
        (
            "rate_limits.operations",
            [{**SIGN_IN, "fields": ["signIn"]}],
            "rate_limits.operations[0].fields[0]: expected a root field as Type.field",
        ),
        (
            "rate_limits.operations",
            [{**SIGN_IN, "per": "user"}],
            "rate_limits.operations[0].per: expected one of 'client', 'ip', 'all'",
        ),
        (
            "rate_limits.operations",
            [SIGN_IN, SIGN_IN],
            "rate_limits.operations[1].name: another rule is already named",
        ),
        (
            "circuit_breaker.failure_threshold",
            0,
            "circuit_breaker.failure_threshold: must be at least 1",
        ),
        (
            "circuit_breaker.failure_rate",
            1.5,
            "circuit_breaker.failure_rate: must be between 0 and 1",
        ),
        ("circuit_breaker.open_seconds", 0, "circuit_breaker.open_seconds: must be positive"),
        ("circuit_breaker.window_seconds", -1, "circuit_breaker.window_seconds: must be positive"),
        (
            "circuit_breaker.half_open_requests",
            0,
            "circuit_breaker.half_open_requests: must be at least 1",
        ),
        ("retries.max_retries", -1, "retries.max_retries: must be at least 0"),
        ("retries.budget_ratio", -0.1, "retries.budget_ratio: must be at least 0"),
        ("retries.budget_window_seconds", 0, "retries.budget_window_seconds: must be positive"),
        ("retries.backoff_seconds", -1, "retries.backoff_seconds: must be at least 0"),
        ("batching.max_size", 0, "batching.max_size: must be at least 1"),
        (
            "server.trusted_proxies",
            ["10.0.0.0/8", "proxy.internal"],
            "server.trusted_proxies[1]: expected an IP address or network",
        ),
        (
            "telemetry.access_log_sample_rate",
            2,
            "telemetry.access_log_sample_rate: must be between 0 and 1",
        ),
        (
            "cors.allow_origins",
            ["https://app.example.com/"],
            "cors.allow_origins[0]: an origin has no path, so 'https://app.example.com/' never",
        ),
        (
            "cors.allow_origins",
            ["app.example.com"],
            "cors.allow_origins[0]: expected an origin such as",
        ),
    ],
)
def test_bad_traffic_settings_are_refused(key: str, value: object, message: str) -> None:
    assert _refusal(**{key: value}).startswith(message)


def test_rate_limits_load_from_the_environment_as_json() -> None:
    env = {
        "GATEWAY__RATE_LIMITS__PER_CLIENT": '{"limit": 50, "window_seconds": 1}',
        "GATEWAY__RATE_LIMITS__SUBGRAPHS__REVIEWS": '{"limit": 200, "window_seconds": 1}',
        "GATEWAY__RATE_LIMITS__OPERATIONS": '[{"fields": ["Mutation.signIn"], "limit": 5, '
        '"window_seconds": 60, "per": "ip"}]',
        "GATEWAY__SERVER__TRUSTED_PROXIES": "10.0.0.0/8,::1",
        "GATEWAY__CIRCUIT_BREAKER__ENABLED": "true",
        "GATEWAY__BATCHING__MAX_SIZE": "4",
    }
    config = load_config(None, env=env)
    limits = config.rate_limits
    assert limits.per_client == RateLimit(limit=50, window_seconds=1.0)
    assert limits.subgraphs["reviews"] == RateLimit(limit=200, window_seconds=1.0)
    assert limits.operations == (
        OperationRateLimit(fields=("Mutation.signIn",), limit=5, window_seconds=60.0, per="ip"),
    )
    assert config.server.trusted_proxies == ("10.0.0.0/8", "::1")
    assert config.circuit_breaker.enabled
    assert config.batching.max_size == 4


def test_a_rate_set_as_a_string_is_refused_with_the_variable_named() -> None:
    message = _refusal(env={"GATEWAY__RATE_LIMITS__PER_CLIENT": "100"})
    assert message.startswith("GATEWAY__RATE_LIMITS__PER_CLIENT: rate_limits.per_client: expected")


def test_dev_allows_local_origins_and_logs_every_request_unless_told_otherwise() -> None:
    dev = load_config(None, env={}, dev=True)
    assert "http://localhost:*" in dev.cors_origins
    assert "http://127.0.0.1:*" in dev.cors_origins
    assert dev.access_log_sample_rate == 1.0
    production = load_config(None, env={})
    assert production.cors_origins == ()
    assert production.access_log_sample_rate == 0.0
    explicit = load_config(
        None,
        env={},
        dev=True,
        overrides={"cors.allow_origins": [], "telemetry.access_log_sample_rate": 0.25},
    )
    assert explicit.cors_origins == ()
    assert explicit.access_log_sample_rate == 0.25


def test_traffic_settings_survive_the_trip_to_workers() -> None:
    # With --workers N the parent hands the resolved configuration over as JSON.
    config = load_config(
        None,
        env={},
        overrides={
            "rate_limits.per_client": {"limit": 5, "window_seconds": 1},
            "rate_limits.operations": [{**SIGN_IN, "per": "ip", "name": "sign-in"}],
            "rate_limits.subgraphs": {"reviews": {"limit": 9, "window_seconds": 2}},
            "server.trusted_proxies": ["10.0.0.0/8"],
            "circuit_breaker.enabled": True,
            "batching.enabled": True,
            "cors.allow_origins": ["https://*.example.com"],
        },
    )
    assert config_from_data(orjson.loads(orjson.dumps(config_to_data(config)))) == config
