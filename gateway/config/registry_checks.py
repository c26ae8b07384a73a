"""Checks of where the supergraph comes from (file, URL or registry) and of usage reporting.

Split from `checks` (which calls `check_sources`) to keep each module about one concern; the
same rule applies: a mistake is a `ConfigError` naming the key, at start-up.
"""

from __future__ import annotations

import re

from gateway.config.errors import ConfigError, KeyPath
from gateway.config.model import GatewayConfig

__all__ = ["check_sources"]

# Graph and variant names become URL path segments: no slashes, no spaces, no escapes needed.
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@-]*")
# An environment variable's name, as the shells write them.
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# HTTP header names (RFC 9110 tokens).
_HEADER = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")


def check_sources(config: GatewayConfig) -> None:
    supergraph = config.supergraph
    chosen = [
        key
        for key, value in (
            ("file", supergraph.file),
            ("url", supergraph.url),
            ("registry", supergraph.registry),
        )
        if value is not None
    ]
    if len(chosen) > 1:
        raise ConfigError(
            f"set one of file, url and registry, not {' and '.join(chosen)}",
            path=("supergraph", chosen[1]),
        )
    registry = supergraph.registry
    if registry is not None:
        where: KeyPath = ("supergraph", "registry")
        if not registry.url.startswith(("http://", "https://")):
            raise ConfigError(
                f"expected an http(s) URL, got {registry.url!r}", path=(*where, "url")
            )
        for key in ("graph", "variant"):
            name = getattr(registry, key)
            if not _NAME.fullmatch(name):
                raise ConfigError(
                    f"expected a name of letters, digits, '_', '.', '@' and '-', got {name!r}",
                    path=(*where, key),
                )
        if not _VARIABLE.fullmatch(registry.token_env):
            raise ConfigError(
                f"expected the name of an environment variable, got {registry.token_env!r}",
                path=(*where, "token_env"),
            )
        if registry.poll_seconds < 0:
            raise ConfigError(
                f"must be at least 0, got {registry.poll_seconds!r}", path=(*where, "poll_seconds")
            )
        if registry.cache_file is not None and not registry.cache_file.strip():
            raise ConfigError("expected a file path or null, got ''", path=(*where, "cache_file"))
    _usage(config)


def _usage(config: GatewayConfig) -> None:
    usage = config.usage
    if usage.enabled and config.supergraph.registry is None:
        raise ConfigError(
            "usage is reported to supergraph.registry: configure the registry or set "
            "usage.enabled to false",
            path=("usage", "enabled"),
        )
    for key in ("flush_seconds", "timeout_seconds"):
        value = getattr(usage, key)
        if value <= 0:
            raise ConfigError(f"must be positive, got {value!r}", path=("usage", key))
    for key in ("max_queue", "max_operations_per_report"):
        value = getattr(usage, key)
        if value < 1:
            raise ConfigError(f"must be at least 1, got {value!r}", path=("usage", key))
    for key in ("client_name_header", "client_version_header"):
        value = getattr(usage, key)
        if not _HEADER.fullmatch(value):
            raise ConfigError(f"expected an HTTP header name, got {value!r}", path=("usage", key))
