"""Fixtures of the registry tests: a database of its own on the session's PostgreSQL, the
registry service in a child process on a real socket, and the CLI run in-process against it."""

from __future__ import annotations

import contextlib
import io
import os
import secrets
import sys
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import pytest

from registry.cli import main as cli_main
from registry.store.repository import hash_token
from shared.stores import StoreUrls
from tests.support.databases import fresh_database
from tests.support.servers import free_port, serve_command

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True, slots=True)
class Registry:
    url: str
    admin_token: str
    database_url: str


@dataclass(frozen=True, slots=True)
class CliResult:
    status: int
    out: str
    err: str


@pytest.fixture
async def registry_database(stores: StoreUrls) -> AsyncIterator[str]:
    """A fresh, empty database for one test."""
    async with fresh_database(stores, "registry_t") as url:
        yield url


@pytest.fixture(scope="module")
async def module_database(stores: StoreUrls) -> AsyncIterator[str]:
    async with fresh_database(stores, "registry_m") as url:
        yield url


_TABLES = "usage, operations, approvals, checks, tokens, compositions, schema_versions, subgraphs"


async def _empty(registry: Registry) -> None:
    """Every table emptied, the bootstrap token put back, every registry process told."""
    conn = await asyncpg.connect(registry.database_url.replace("+asyncpg", ""))
    try:
        async with conn.transaction():
            await conn.execute("UPDATE variants SET current_composition_id = NULL")
            await conn.execute(f"TRUNCATE {_TABLES}, variants, graphs RESTART IDENTITY CASCADE")
            await conn.execute(
                "INSERT INTO tokens (name, token_hash, scope, created_at) "
                "VALUES ('admin', $1, 'admin', now())",
                hash_token(registry.admin_token),
            )
            await conn.execute(
                "SELECT pg_notify('registry_supergraph', ''), pg_notify('registry_tokens', '')"
            )
    finally:
        await conn.close()


@contextlib.contextmanager
def running_registry(
    database_url: str,
    admin_token: str,
    port: int | None = None,
    extra_env: dict[str, str] | None = None,
) -> Iterator[str]:
    """`python -m registry serve` in a child process; yields its base URL."""
    port = port or free_port()
    env = {
        "REGISTRY_DATABASE_URL": database_url,
        "REGISTRY_ADMIN_TOKEN": admin_token,
        "PYTHONUNBUFFERED": "1",
        **(extra_env or {}),
    }
    argv = [sys.executable, "-m", "registry", "serve", "--host", "127.0.0.1", "--port", str(port)]
    with serve_command(argv, port, env, cwd=ROOT, quiet=True) as url:
        yield url


@contextlib.contextmanager
def running_gateway(config: Path, registry_token: str) -> Iterator[str]:
    """`python -m gateway serve --config <config>` in a child process, reading the registry with
    `registry_token` (`GATEWAY_REGISTRY_TOKEN`); yields its base URL."""
    port = free_port()
    env = {"GATEWAY_REGISTRY_TOKEN": registry_token, "PYTHONUNBUFFERED": "1"}
    argv = [sys.executable, "-m", "gateway", "serve", "--config", str(config)]
    argv += ["--host", "127.0.0.1", "--port", str(port)]
    with serve_command(argv, port, env, cwd=ROOT, quiet=True, stop_timeout=20) as url:
        yield url


@pytest.fixture(scope="module")
def module_registry(module_database: str) -> Iterator[Registry]:
    """A registry process on a database of its own, for one module's tests (not emptied)."""
    token = "admin-" + secrets.token_urlsafe(24)
    with running_registry(module_database, token) as url:
        yield Registry(url=url, admin_token=token, database_url=module_database)


@pytest.fixture
async def registry(module_registry: Registry) -> Registry:
    """The module's registry process, its database emptied for this test."""
    await _empty(module_registry)
    return module_registry


def run_cli(*argv: str, url: str | None = None, token: str | None = None) -> CliResult:
    """The CLI in this process, against a real registry over HTTP; its exit status and output."""
    out, err = io.StringIO(), io.StringIO()
    saved = {k: os.environ.get(k) for k in ("REGISTRY_URL", "REGISTRY_TOKEN")}
    os.environ.pop("REGISTRY_URL", None)
    os.environ.pop("REGISTRY_TOKEN", None)
    if url is not None:
        os.environ["REGISTRY_URL"] = url
    if token is not None:
        os.environ["REGISTRY_TOKEN"] = token
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = cli_main(list(argv))
            except SystemExit as exc:
                status = exc.code if isinstance(exc.code, int) else 2
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return CliResult(status=status, out=out.getvalue(), err=err.getvalue())
