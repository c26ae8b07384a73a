"""GraphiQL served by the gateway from npm-installed assets (stub: the page lands next)."""

from __future__ import annotations

from gateway.config.model import GatewayConfig

__all__ = ["asset", "graphiql_page"]


def graphiql_page(config: GatewayConfig) -> bytes:
    """The HTML page that loads GraphiQL from `/graphiql/assets/...` (stub)."""
    del config
    return b"<!doctype html><title>GraphiQL</title><p>GraphiQL is not available yet.</p>"


def asset(path: str) -> tuple[bytes, str] | None:
    """The bytes and content type of an allow-listed GraphiQL asset, or None (stub)."""
    del path
    return None
