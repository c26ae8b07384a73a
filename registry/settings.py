"""The registry service's configuration: environment variables, overridden by `serve` flags.

REGISTRY_DATABASE_URL    postgresql+asyncpg://… (required unless `--dev` starts a local one)
REGISTRY_ADMIN_TOKEN     a bootstrap admin token stored (hashed) at startup; optional
REGISTRY_PUBLIC_URL      the URL reports link to (default http://HOST:PORT)
REGISTRY_DB_POOL_SIZE    connections in the pool (10)
REGISTRY_CHECK_WINDOW_DAYS   usage window of checks (7)
REGISTRY_SESSION_SECRET  signs console sessions; set the same one on every registry process
                         (default: random per process, so a restart signs everyone out)
JWT_SECRET               the platform's HS256 key: a JWT with the admin scope signs in to the
                         console (optional; at least 32 bytes)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["DEFAULT_PORT", "RegistrySettings", "SettingsError"]

DEFAULT_PORT = 4010


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names it."""


def _positive(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, str(default))
    if not raw.isdigit() or int(raw) < 1:
        raise SettingsError(f"{name} must be a positive integer, not {raw!r}")
    return int(raw)


@dataclass(frozen=True, slots=True, kw_only=True)
class RegistrySettings:
    database_url: str
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    admin_token: str | None = None
    public_url: str | None = None
    pool_size: int = 10
    check_window_days: int = 7
    session_secret: str | None = None
    jwt_secret: str | None = None

    @property
    def base_url(self) -> str:
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    @classmethod
    def from_env(
        cls,
        env: Mapping[str, str] = os.environ,
        *,
        database_url: str | None = None,
        host: str = "127.0.0.1",
        port: int = DEFAULT_PORT,
    ) -> RegistrySettings:
        url = database_url or env.get("REGISTRY_DATABASE_URL", "")
        if not url.startswith("postgresql+asyncpg://"):
            raise SettingsError(
                "REGISTRY_DATABASE_URL must be set to a postgresql+asyncpg:// URL "
                "(or run `serve --dev` to use the project's local PostgreSQL)"
            )
        token = env.get("REGISTRY_ADMIN_TOKEN") or None
        if token is not None and len(token) < 24:
            raise SettingsError("REGISTRY_ADMIN_TOKEN must be at least 24 characters")
        session_secret = env.get("REGISTRY_SESSION_SECRET") or None
        if session_secret is not None and len(session_secret) < 32:
            raise SettingsError("REGISTRY_SESSION_SECRET must be at least 32 characters")
        jwt_secret = env.get("JWT_SECRET") or None
        if jwt_secret is not None and len(jwt_secret.encode()) < 32:
            raise SettingsError("JWT_SECRET must be at least 32 bytes")
        return cls(
            database_url=url,
            session_secret=session_secret,
            jwt_secret=jwt_secret,
            host=host,
            port=port,
            admin_token=token,
            public_url=env.get("REGISTRY_PUBLIC_URL") or None,
            pool_size=_positive(env, "REGISTRY_DB_POOL_SIZE", 10),
            check_window_days=_positive(env, "REGISTRY_CHECK_WINDOW_DAYS", 7),
        )
