"""Child-process plumbing shared by the local store servers: ports, readiness, stopping."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import socket
import subprocess
import time
from pathlib import Path

__all__ = [
    "StoreStartError",
    "adopt",
    "free_port",
    "is_listening",
    "pid_alive",
    "stop_pid",
    "wait_listening",
]


# Servers started by this process, by pid: kept so that stopping them also reaps them.
_children: dict[int, subprocess.Popen[bytes]] = {}


def adopt(proc: subprocess.Popen[bytes]) -> None:
    """Remember a server we started, so `stop_pid` can reap it (no zombie, no warning)."""
    _children[proc.pid] = proc


class StoreStartError(RuntimeError):
    """A local store server could not be started; the message says which and why."""


def free_port(*, below: int | None = None) -> int:
    """A TCP port that nothing listens on right now.

    `below` asks for a port under a bound, outside the kernel's ephemeral range: FalkorDB
    reads its Bolt port as a signed 16-bit number, so it must stay under 32768.
    """
    if below is None:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind(("127.0.0.1", 0))
            port: int = sock.getsockname()[1]
            return port
    rng = random.Random()
    for _ in range(200):
        candidate = rng.randrange(20000, below)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                # Bind every interface: the server that gets this port may bind them all.
                sock.bind(("", candidate))
            except OSError:
                continue
            return candidate
    raise StoreStartError(f"no free port below {below}")


def is_listening(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def pid_alive(pid: int) -> bool:
    child = _children.get(pid)
    if child is not None:
        return child.poll() is None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child still answers kill(0); reap it so it reads as gone.
    with contextlib.suppress(ChildProcessError):
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            return False
    return True


def wait_listening(
    name: str, proc: subprocess.Popen[bytes], port: int, log: Path, timeout: float = 60.0
) -> None:
    """Block until `port` accepts connections, or raise with the tail of the server's log."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise StoreStartError(f"{name} exited with code {proc.returncode}: {_tail(log)}")
        if is_listening(port):
            return
        time.sleep(0.1)
    stop_pid(proc.pid)
    raise StoreStartError(
        f"{name} did not listen on port {port} within {timeout:.0f}s: {_tail(log)}"
    )


def stop_pid(pid: int, sig: int = signal.SIGTERM, timeout: float = 20.0) -> None:
    """Ask a server to stop, wait for it, and kill it if it will not."""
    if not pid_alive(pid):
        return
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, sig)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not pid_alive(pid):
            _children.pop(pid, None)
            return
        time.sleep(0.05)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    child = _children.pop(pid, None)
    if child is not None:
        child.wait(timeout=10)


def _tail(log: Path, lines: int = 15) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"
