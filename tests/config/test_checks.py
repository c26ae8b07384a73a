"""Sanity checks: ranges and unsafe combinations are refused at load time, naming the key."""

from __future__ import annotations

import pytest

from gateway.config import ConfigError, load_config


def _refusal(**overrides: object) -> str:
    with pytest.raises(ConfigError) as caught:
        load_config(None, env={}, overrides=overrides)
    return str(caught.value)


def _refusal_of(key: str, value: object) -> str:
    return _refusal(**{key: value})


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("server.port", 0, "server.port: must be between 1 and 65535, got 0"),
        ("server.port", 70000, "server.port: must be between 1 and 65535, got 70000"),
        ("server.workers", 0, "server.workers: must be at least 1, got 0"),
        ("server.max_body_bytes", 0, "server.max_body_bytes: must be at least 1"),
        ("server.shutdown_grace_seconds", -1, "server.shutdown_grace_seconds: must be at least 0"),
        ("server.graphql_path", "graphql", "server.graphql_path: must start with '/'"),
        ("server.instance_id", "", "server.instance_id: expected 1 to 128 visible ASCII"),
        ("server.instance_id", "gateway a", "server.instance_id: expected 1 to 128 visible"),
        ("server.instance_id", "g" * 129, "server.instance_id: expected 1 to 128 visible"),
        ("telemetry.metrics_path", "metrics", "telemetry.metrics_path: must start with '/'"),
        ("supergraph.poll_interval_seconds", -5, "supergraph.poll_interval_seconds: must be"),
        ("subgraphs.timeout_seconds", 0, "subgraphs.timeout_seconds: must be positive (null"),
        ("subgraphs.timeouts", {"a": -1}, "subgraphs.timeouts.a: must be positive"),
        ("limits.max_depth", 0, "limits.max_depth: must be at least 1, got 0"),
        ("limits.max_aliases", -1, "limits.max_aliases: must be at least 1"),
        ("limits.max_root_fields", 0, "limits.max_root_fields: must be at least 1"),
        ("limits.max_tokens", 0, "limits.max_tokens: must be at least 1"),
        ("limits.max_document_bytes", 0, "limits.max_document_bytes: must be at least 1"),
        ("limits.max_cost", 0, "limits.max_cost: must be at least 1"),
        ("limits.default_list_size", 0, "limits.default_list_size: must be at least 1"),
        ("cors.max_age_seconds", -1, "cors.max_age_seconds: must be at least 0"),
        ("subscriptions.max_per_connection", 0, "subscriptions.max_per_connection: must be at"),
        ("subscriptions.max_total", 0, "subscriptions.max_total: must be at least 1, got 0"),
        ("subscriptions.queue_size", 0, "subscriptions.queue_size: must be at least 1, got 0"),
        ("subscriptions.init_timeout_seconds", 0, "subscriptions.init_timeout_seconds: must be"),
        ("subscriptions.ping_interval_seconds", -1, "subscriptions.ping_interval_seconds: must"),
        (
            "subscriptions.multipart_heartbeat_seconds",
            -1,
            "subscriptions.multipart_heartbeat_seconds: must be at least 0",
        ),
        ("persisted_queries.memory_entries", 0, "persisted_queries.memory_entries: must be"),
        ("persisted_queries.ttl_seconds", 0, "persisted_queries.ttl_seconds: must be"),
        ("auth.jwks_refresh_seconds", 0, "auth.jwks_refresh_seconds: must be at least 1"),
    ],
)
def test_out_of_range_values_are_refused(key: str, value: object, message: str) -> None:
    assert _refusal_of(key, value).startswith(message)


def test_a_shared_port_is_refused_where_the_kernel_does_not_spread_connections(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.platform", "darwin")
    assert _refusal_of("server.reuse_port", True).startswith(
        "server.reuse_port: shares a port between processes on Linux only"
    )


def test_cors_wildcard_with_credentials_is_refused() -> None:
    message = _refusal(**{"cors.allow_origins": ["*"], "cors.allow_credentials": True})
    assert message.startswith("cors.allow_origins: '*' cannot be combined with allow_credentials")


def test_cors_wildcard_without_credentials_is_allowed() -> None:
    config = load_config(None, env={}, overrides={"cors.allow_origins": ["*"]})
    assert config.cors.allow_origins == ("*",)


def test_safelist_without_a_file_is_refused() -> None:
    message = _refusal(**{"persisted_queries.safelist": True})
    assert message.startswith("persisted_queries.safelist_file: safelist: true needs")


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"action": "propagate"}, "headers.all[0]: action 'propagate' needs named or matching"),
        ({"action": "rename", "name": "a"}, "headers.all[0]: action 'rename' needs rename_to"),
        ({"action": "insert", "name": "a"}, "headers.all[0]: action 'insert' needs value"),
        ({"action": "remove"}, "headers.all[0]: action 'remove' needs name or matching"),
        ({"action": "remove", "matching": "("}, "headers.all[0].matching: not a regular exp"),
    ],
)
def test_incomplete_header_rules_are_refused(rule: dict[str, object], message: str) -> None:
    assert _refusal(**{"headers.all": [rule]}).startswith(message)


def test_header_rules_per_subgraph_are_checked_too() -> None:
    message = _refusal(**{"headers.subgraphs": {"accounts": [{"action": "insert"}]}})
    assert message.startswith("headers.subgraphs.accounts[0]: action 'insert' needs name")


def test_complete_header_rules_pass() -> None:
    rules = [
        {"action": "propagate", "matching": "^x-"},
        {"action": "rename", "name": "a", "rename_to": "b"},
        {"action": "insert", "name": "c", "value": "1"},
        {"action": "remove", "name": "d"},
    ]
    config = load_config(None, env={}, overrides={"headers.all": rules})
    assert [rule.action for rule in config.headers.all] == [
        "propagate",
        "rename",
        "insert",
        "remove",
    ]
