"""The accounts subgraph's configuration, read from environment variables."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from shared.auth import jwt_secret
from shared.subgraph.timeouts import StoreTimeouts

__all__ = [
    "DEFAULT_TOKEN_TTL_SECONDS",
    "Settings",
    "database_url",
    "load_settings",
    "store_timeouts",
]

DEFAULT_TOKEN_TTL_SECONDS = 3600


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    database_url: str  # ACCOUNTS_DATABASE_URL
    jwt_secret: str  # JWT_SECRET (at least 32 bytes)
    token_ttl_seconds: int  # ACCOUNTS_TOKEN_TTL_SECONDS
    # ACCOUNTS_DB_CONNECT_TIMEOUT_SECONDS, ACCOUNTS_DB_QUERY_TIMEOUT_SECONDS
    timeouts: StoreTimeouts = field(default_factory=StoreTimeouts)
    # ACCOUNTS_MAIL_DIR: where mail is written as .eml files; None: no mail is delivered.
    mail_dir: Path | None = None


def database_url(env: Mapping[str, str] | None = None) -> str:
    """`ACCOUNTS_DATABASE_URL`, with a plain `postgresql://` URL pointed at asyncpg."""
    env = os.environ if env is None else env
    url = env.get("ACCOUNTS_DATABASE_URL", "").strip()
    if not url:
        raise RuntimeError(
            "ACCOUNTS_DATABASE_URL is not set (e.g. postgresql+asyncpg://user@host:5432/accounts)"
        )
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url.removeprefix(prefix)
    return url


def store_timeouts(env: Mapping[str, str] | None = None) -> StoreTimeouts:
    """How long to wait for PostgreSQL: connecting (handshake included) and per call."""
    return StoreTimeouts.from_env("ACCOUNTS_DB", os.environ if env is None else env)


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if env is None else env
    raw_ttl = env.get("ACCOUNTS_TOKEN_TTL_SECONDS", str(DEFAULT_TOKEN_TTL_SECONDS))
    try:
        ttl = int(raw_ttl)
    except ValueError:
        raise RuntimeError(
            f"ACCOUNTS_TOKEN_TTL_SECONDS must be an integer, not {raw_ttl!r}"
        ) from None
    if ttl <= 0:
        raise RuntimeError("ACCOUNTS_TOKEN_TTL_SECONDS must be positive")
    return Settings(
        database_url=database_url(env),
        jwt_secret=jwt_secret(),
        token_ttl_seconds=ttl,
        timeouts=store_timeouts(env),
        mail_dir=Path(mail_dir) if (mail_dir := env.get("ACCOUNTS_MAIL_DIR", "").strip()) else None,
    )
