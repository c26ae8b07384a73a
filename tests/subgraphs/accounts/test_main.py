"""`python -m subgraphs.accounts`: migrate, seed, sdl, and the `app` uvicorn imports."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import httpx
import pytest

from subgraphs.accounts.__main__ import main
from subgraphs.accounts.schema import sdl
from subgraphs.accounts.store import AccountsStore
from tests.support.servers import free_port, serve_subprocess, wait_healthy


async def test_migrate_then_seed_commands_load_the_seed(
    store: AccountsStore, capsys: pytest.CaptureFixture[str]
) -> None:
    await store.replace_all(())
    # In a thread: the commands run their own event loop, as they do from a shell.
    assert await asyncio.to_thread(main, ["migrate"]) == 0
    assert await asyncio.to_thread(main, ["seed"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "accounts: database at head",
        "accounts: seeded 1001 users",
    ]
    assert await store.count() == 1001


def test_sdl_command_prints_the_schema_without_any_configuration(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("JWT_SECRET", raising=False)
    monkeypatch.delenv("ACCOUNTS_DATABASE_URL", raising=False)
    assert main(["sdl"]) == 0
    assert capsys.readouterr().out == sdl()


def test_missing_database_url_is_a_clear_error_not_a_trace(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("ACCOUNTS_DATABASE_URL", raising=False)
    assert main(["migrate"]) == 2
    assert "ACCOUNTS_DATABASE_URL is not set" in capsys.readouterr().err


def test_unknown_command_exits_with_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["frobnicate"])
    assert caught.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_app_module_serves_from_environment(store: AccountsStore) -> None:
    # A real child process: uvicorn imports `subgraphs.accounts.app:app`, startup migrates.
    with serve_subprocess("subgraphs.accounts.app:app") as base_url:
        response = httpx.post(
            f"{base_url}/graphql", json={"query": '{ user(id: "user-0001") { id } }'}, timeout=30
        )
    assert response.json() == {"data": {"user": {"id": "user-0001"}}}


def test_serve_command_answers_on_the_given_port(store: AccountsStore) -> None:
    # The launcher's way: `python -m subgraphs.accounts serve --host --port`.
    port = free_port()
    command = [sys.executable, "-m", "subgraphs.accounts", "serve", "--port", str(port)]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_healthy(f"http://127.0.0.1:{port}/health", proc=proc)
        response = httpx.post(
            f"http://127.0.0.1:{port}/graphql",
            json={"query": '{ user(id: "user-0001") { role } }'},
            timeout=30,
        )
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert response.json() == {"data": {"user": {"role": "TUTOR"}}}
