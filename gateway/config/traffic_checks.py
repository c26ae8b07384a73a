"""Checks of the traffic settings: rate limits, the circuit breaker, retries and batching.

Split from `checks` (which calls `check_traffic`) to keep each module about one concern; the
same rule applies: a mistake is a `ConfigError` naming the key, at start-up.
"""

from __future__ import annotations

import re

from gateway.config.errors import ConfigError, KeyPath
from gateway.config.model import GatewayConfig, RateLimit

__all__ = ["check_traffic", "rule_key"]

_COORDINATE = re.compile(r"[_A-Za-z][_0-9A-Za-z]*\.[_A-Za-z][_0-9A-Za-z]*")


def rule_key(name: str | None, fields: tuple[str, ...]) -> str:
    """What names an operation rule in metrics, logs and counter keys."""
    return name if name is not None else ",".join(fields)


def check_traffic(config: GatewayConfig) -> None:
    limits = config.rate_limits
    _positive(limits.redis_timeout_seconds, ("rate_limits", "redis_timeout_seconds"))
    _rate(limits.all_clients, ("rate_limits", "all_clients"))
    _rate(limits.per_client, ("rate_limits", "per_client"))
    for name, rate in limits.subgraphs.items():
        _rate(rate, ("rate_limits", "subgraphs", name))
    seen: set[str] = set()
    for index, rule in enumerate(limits.operations):
        where: KeyPath = ("rate_limits", "operations", index)
        if not rule.fields:
            raise ConfigError("needs at least one root field (Type.field)", path=(*where, "fields"))
        for position, coordinate in enumerate(rule.fields):
            if not _COORDINATE.fullmatch(coordinate):
                raise ConfigError(
                    f"expected a root field as Type.field (e.g. Mutation.signIn), "
                    f"got {coordinate!r}",
                    path=(*where, "fields", position),
                )
        _rate(RateLimit(limit=rule.limit, window_seconds=rule.window_seconds), where)
        key = rule_key(rule.name, rule.fields)
        if key in seen:
            raise ConfigError(
                f"another rule is already named {key!r}: give each rule its own name",
                path=(*where, "name"),
            )
        seen.add(key)
    breaker = config.circuit_breaker
    _at_least(breaker.failure_threshold, 1, ("circuit_breaker", "failure_threshold"))
    _share(breaker.failure_rate, ("circuit_breaker", "failure_rate"))
    _positive(breaker.window_seconds, ("circuit_breaker", "window_seconds"))
    _positive(breaker.open_seconds, ("circuit_breaker", "open_seconds"))
    _at_least(breaker.half_open_requests, 1, ("circuit_breaker", "half_open_requests"))
    retries = config.retries
    _at_least(retries.max_retries, 0, ("retries", "max_retries"))
    _at_least(retries.budget_ratio, 0, ("retries", "budget_ratio"))
    _positive(retries.budget_window_seconds, ("retries", "budget_window_seconds"))
    _at_least(retries.min_retries_per_second, 0, ("retries", "min_retries_per_second"))
    _at_least(retries.backoff_seconds, 0, ("retries", "backoff_seconds"))
    _at_least(config.batching.max_size, 1, ("batching", "max_size"))


def _rate(rate: RateLimit | None, path: KeyPath) -> None:
    if rate is None:
        return
    _at_least(rate.limit, 1, (*path, "limit"))
    _positive(rate.window_seconds, (*path, "window_seconds"))


def _at_least(value: float, least: float, path: KeyPath) -> None:
    if value < least:
        raise ConfigError(f"must be at least {least}, got {value!r}", path=path)


def _positive(value: float, path: KeyPath) -> None:
    if value <= 0:
        raise ConfigError(f"must be positive, got {value!r}", path=path)


def _share(value: float, path: KeyPath) -> None:
    if not 0 <= value <= 1:
        raise ConfigError(f"must be between 0 and 1, got {value!r}", path=path)
