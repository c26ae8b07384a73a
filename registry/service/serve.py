"""`python -m registry serve`: settings from a YAML file, the environment and flags; uvicorn.

`--dev` without `REGISTRY_DATABASE_URL` starts (or reuses) the project's local PostgreSQL under
`.data/stores` and uses its `registry` database; without `REGISTRY_ADMIN_TOKEN` it uses the admin
token `task up` keeps in `.data/registry_admin_token` (generated there, mode 600, if missing) and
says where.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import sys
from pathlib import Path
from typing import Any

import uvicorn
import yaml

from registry.service.app import build_app
from registry.settings import DEFAULT_PORT, RegistrySettings, SettingsError

__all__ = ["dev_admin_token", "serve"]

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / ".data"
_KEYS = {"database_url", "host", "port", "public_url", "check_window_days", "pool_size"}

logger = logging.getLogger("registry")


def _file(path: Path | None) -> dict[str, Any]:
    if path is None:
        return {}
    try:
        loaded = yaml.safe_load(path.read_text()) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise SettingsError(f"cannot read {path}: {exc}") from None
    if not isinstance(loaded, dict):
        raise SettingsError(f"{path} must hold a mapping")
    unknown = sorted(set(loaded) - _KEYS)
    if unknown:
        raise SettingsError(
            f"{path}: unknown key(s) {', '.join(unknown)}; known: {', '.join(sorted(_KEYS))}"
        )
    return loaded


def _local_database(data_dir: Path) -> str:
    """The `registry` database on the project's local PostgreSQL (started if needed)."""
    import asyncpg

    from shared.stores.postgres import PostgresServer

    port = PostgresServer(data_dir / "stores").start()

    async def ensure() -> None:
        conn = await asyncpg.connect(
            host="127.0.0.1", port=port, user="postgres", database="postgres"
        )
        try:
            if not await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = 'registry'"):
                await conn.execute('CREATE DATABASE "registry"')
        finally:
            await conn.close()

    asyncio.run(ensure())
    return f"postgresql+asyncpg://postgres@127.0.0.1:{port}/registry"


def dev_admin_token(data_dir: Path) -> str:
    """The development admin token, generated once and kept (mode 600) in the data directory."""
    path = data_dir / "registry_admin_token"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def serve(*, config: Path | None, dev: bool, host: str | None, port: int | None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    env = dict(os.environ)
    try:
        values = _file(config)
        url = env.get("REGISTRY_DATABASE_URL") or values.get("database_url")
        if dev and not url:
            url = _local_database(DATA_DIR)
        if dev and not env.get("REGISTRY_ADMIN_TOKEN"):
            env["REGISTRY_ADMIN_TOKEN"] = dev_admin_token(DATA_DIR)
            print(
                f"registry: development admin token in {DATA_DIR / 'registry_admin_token'}",
                flush=True,
            )
        for key, name in (
            ("public_url", "REGISTRY_PUBLIC_URL"),
            ("pool_size", "REGISTRY_DB_POOL_SIZE"),
            ("check_window_days", "REGISTRY_CHECK_WINDOW_DAYS"),
        ):
            if key in values and name not in env:
                env[name] = str(values[key])
        settings = RegistrySettings.from_env(
            env,
            database_url=url,
            host=host or str(values.get("host", "127.0.0.1")),
            port=port or int(values.get("port", DEFAULT_PORT)),
        )
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    app = build_app(settings)
    print(f"registry: serving on http://{settings.host}:{settings.port}", flush=True)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning", lifespan="on")
    return 0
