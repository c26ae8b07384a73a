"""Run a server on a real loopback socket for a test: an ASGI app in a thread, or a command
(uvicorn, the gateway, the registry) as a subprocess."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import httpx
import uvicorn


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_healthy(
    url: str, timeout: float = 60.0, proc: subprocess.Popen[bytes] | None = None
) -> None:
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} before {url} answered")
        try:
            if httpx.get(url, timeout=2.0).status_code == 200:
                return
        except httpx.HTTPError as exc:
            last = exc
        time.sleep(0.1)
    raise RuntimeError(f"{url} not healthy after {timeout}s: {last}")


@contextlib.contextmanager
def serve_in_thread(app: Any, health_path: str = "/health") -> Iterator[str]:
    """Serve `app` with uvicorn in a background thread; yields the base URL."""
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base + health_path)
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=15)


@contextlib.contextmanager
def serve_command(
    argv: list[str],
    port: int,
    env: Mapping[str, str] | None = None,
    *,
    health_path: str = "/health",
    timeout: float = 60.0,
    stop_timeout: float = 15.0,
    cwd: Path | None = None,
    quiet: bool = False,
) -> Iterator[str]:
    """Run a server command listening on `port` (127.0.0.1) in a child process with `env` over
    this process's environment; yields its base URL once `health_path` answers 200, and stops
    it (SIGTERM, then SIGKILL after `stop_timeout`) at the end. `quiet`: its stdout discarded."""
    proc = subprocess.Popen(
        argv,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        stdout=subprocess.DEVNULL if quiet else None,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base + health_path, timeout=timeout, proc=proc)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=stop_timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextlib.contextmanager
def serve_subprocess(
    app_path: str,
    env: Mapping[str, str] | None = None,
    health_path: str = "/health",
    port: int | None = None,
) -> Iterator[str]:
    """Serve `module:attr` with uvicorn in a child process, on `port` or a free one; yields
    the base URL."""
    port = port or free_port()
    argv = [sys.executable, "-m", "uvicorn", app_path, "--host", "127.0.0.1"]
    argv += ["--port", str(port), "--log-level", "warning"]
    with serve_command(argv, port, env, health_path=health_path) as base:
        yield base
