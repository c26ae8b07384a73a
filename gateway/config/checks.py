"""Checks a well-typed configuration must still pass: ranges, and combinations that are unsafe.

Each check raises `ConfigError` naming the key, so a mistake stops the gateway at start-up
instead of surfacing as a strange refusal under load.
"""

from __future__ import annotations

import ipaddress
import re
import sys
from collections.abc import Iterable

from gateway.config.errors import ConfigError, KeyPath
from gateway.config.model import GatewayConfig, HeaderRule
from gateway.config.registry_checks import check_sources
from gateway.config.traffic_checks import check_traffic

__all__ = ["check"]

# What /ready may echo without escaping: printable ASCII, no spaces.
_INSTANCE_ID = re.compile(r"[!-~]{1,128}")


def check(config: GatewayConfig) -> GatewayConfig:
    """`config` itself when it passes every check."""
    server = config.server
    _between(server.port, 1, 65535, ("server", "port"))
    _at_least(server.workers, 1, ("server", "workers"))
    _at_least(server.max_body_bytes, 1, ("server", "max_body_bytes"))
    _at_least(server.shutdown_grace_seconds, 0, ("server", "shutdown_grace_seconds"))
    _at_least(server.gc_gen0_threshold, 0, ("server", "gc_gen0_threshold"))
    _at_least(server.executions_when_busy, 0, ("server", "executions_when_busy"))
    _route(server.graphql_path, ("server", "graphql_path"))
    for index, proxy in enumerate(server.trusted_proxies):
        _network(proxy, ("server", "trusted_proxies", index))
    if server.reuse_port and not sys.platform.startswith("linux"):
        # Elsewhere SO_REUSEPORT exists or not, but does not spread connections over processes.
        raise ConfigError(
            "shares a port between processes on Linux only: run one gateway per port, "
            "or use workers",
            path=("server", "reuse_port"),
        )
    if server.instance_id is not None and not _INSTANCE_ID.fullmatch(server.instance_id):
        raise ConfigError(
            f"expected 1 to 128 visible ASCII characters (a host or pod name), "
            f"got {server.instance_id!r}",
            path=("server", "instance_id"),
        )
    _route(config.telemetry.metrics_path, ("telemetry", "metrics_path"))
    rate = config.telemetry.access_log_sample_rate
    if rate is not None and not 0 <= rate <= 1:
        raise ConfigError(
            f"must be between 0 and 1, got {rate!r}", path=("telemetry", "access_log_sample_rate")
        )
    _at_least(config.supergraph.poll_interval_seconds, 0, ("supergraph", "poll_interval_seconds"))
    _timeout(config.subgraphs.timeout_seconds, ("subgraphs", "timeout_seconds"))
    for name, seconds in config.subgraphs.timeouts.items():
        _timeout(seconds, ("subgraphs", "timeouts", name))
    for name in _limit_names():
        _at_least(getattr(config.limits, name), 1, ("limits", name))
    _cors(config)
    _at_least(config.cors.max_age_seconds, 0, ("cors", "max_age_seconds"))
    persisted = config.persisted_queries
    _at_least(persisted.memory_entries, 1, ("persisted_queries", "memory_entries"))
    _at_least(persisted.ttl_seconds, 1, ("persisted_queries", "ttl_seconds"))
    if persisted.safelist and persisted.safelist_file is None:
        raise ConfigError(
            "safelist: true needs safelist_file (the manifest of allowed operations)",
            path=("persisted_queries", "safelist_file"),
        )
    _at_least(config.auth.jwks_refresh_seconds, 1, ("auth", "jwks_refresh_seconds"))
    _rules(config.headers.all, ("headers", "all"))
    for name, rules in config.headers.subgraphs.items():
        _rules(rules, ("headers", "subgraphs", name))
    subscriptions = config.subscriptions
    _at_least(subscriptions.max_per_connection, 1, ("subscriptions", "max_per_connection"))
    _at_least(subscriptions.max_total, 1, ("subscriptions", "max_total"))
    _at_least(subscriptions.queue_size, 1, ("subscriptions", "queue_size"))
    _timeout(subscriptions.init_timeout_seconds, ("subscriptions", "init_timeout_seconds"))
    _at_least(subscriptions.ping_interval_seconds, 0, ("subscriptions", "ping_interval_seconds"))
    _at_least(
        subscriptions.multipart_heartbeat_seconds,
        0,
        ("subscriptions", "multipart_heartbeat_seconds"),
    )
    check_traffic(config)
    check_sources(config)
    return config


def _limit_names() -> Iterable[str]:
    return (
        "max_depth",
        "max_aliases",
        "max_root_fields",
        "max_tokens",
        "max_document_bytes",
        "max_cost",
        "default_list_size",
    )


def _at_least(value: float, least: float, path: KeyPath) -> None:
    if value < least:
        raise ConfigError(f"must be at least {least}, got {value!r}", path=path)


def _between(value: int, least: int, most: int, path: KeyPath) -> None:
    if not least <= value <= most:
        raise ConfigError(f"must be between {least} and {most}, got {value!r}", path=path)


def _timeout(value: float | None, path: KeyPath) -> None:
    if value is not None and value <= 0:
        raise ConfigError(f"must be positive (null: no limit), got {value!r}", path=path)


def _route(value: str, path: KeyPath) -> None:
    if not value.startswith("/"):
        raise ConfigError(f"must start with '/', got {value!r}", path=path)


# scheme://host[:port], where `*` may stand for a host label or the port; no path.
_ORIGIN = re.compile(r"[a-z][a-z0-9+.-]*://[A-Za-z0-9.*\[\]:-]+")


def _cors(config: GatewayConfig) -> None:
    origins = config.cors.allow_origins or ()
    # Browsers refuse `*` with credentials; echoing any origin instead would let every site
    # send the user's cookies, so the combination is refused rather than worked around.
    if "*" in origins and config.cors.allow_credentials:
        raise ConfigError(
            "'*' cannot be combined with allow_credentials: true; list the origins instead",
            path=("cors", "allow_origins"),
        )
    for index, origin in enumerate(origins):
        if origin == "*" or _ORIGIN.fullmatch(origin):
            continue
        where = ("cors", "allow_origins", index)
        bare = origin.rstrip("/")
        if bare != origin and _ORIGIN.fullmatch(bare):
            raise ConfigError(
                f"an origin has no path, so {origin!r} never matches: write {bare!r}", path=where
            )
        raise ConfigError(
            f"expected an origin such as 'https://app.example.com', "
            f"'https://*.example.com' or 'http://localhost:*', got {origin!r}",
            path=where,
        )


def _network(value: str, path: KeyPath) -> None:
    try:
        ipaddress.ip_network(value, strict=False)
    except ValueError:
        raise ConfigError(
            f"expected an IP address or network (e.g. 10.0.0.0/8), got {value!r}", path=path
        ) from None


def _rules(rules: tuple[HeaderRule, ...], path: KeyPath) -> None:
    for index, rule in enumerate(rules):
        where = (*path, index)
        needs: dict[str, tuple[str, ...]] = {
            "propagate": ("named or matching",),
            "rename": ("name", "rename_to"),
            "insert": ("name", "value"),
            "remove": ("name or matching",),
        }
        for need in needs[rule.action]:
            if not any(_set(rule, key) for key in need.split(" or ")):
                raise ConfigError(f"action {rule.action!r} needs {need}", path=where)
        if rule.matching is not None:
            try:
                re.compile(rule.matching)
            except re.error as error:
                raise ConfigError(
                    f"not a regular expression: {error}", path=(*where, "matching")
                ) from None


def _set(rule: HeaderRule, key: str) -> bool:
    value: object = getattr(rule, key)
    return bool(value) if isinstance(value, tuple) else value is not None
