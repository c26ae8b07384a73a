"""Starts child processes, waits for their health checks, and stops them all together."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path

__all__ = ["LaunchError", "Supervisor"]


class LaunchError(RuntimeError):
    """A service would not start; the message names it and points at its log."""


class Supervisor:
    """Owns the platform's child processes; `stop_all` ends every one of them."""

    def __init__(self, log_dir: Path, env: Mapping[str, str]) -> None:
        self._log_dir = log_dir
        self._env = dict(env)
        self._children: list[tuple[str, subprocess.Popen[bytes]]] = []
        log_dir.mkdir(parents=True, exist_ok=True)

    @property
    def environment(self) -> Mapping[str, str]:
        """The environment every child runs with."""
        return self._env

    def log_path(self, name: str) -> Path:
        return self._log_dir / f"{name}.log"

    def run(
        self,
        name: str,
        command: list[str],
        timeout: float = 600.0,
        env: Mapping[str, str] | None = None,
    ) -> str:
        """Run a one-off step (migrate, seed, compose) to completion, or raise with its log.

        Returns what the step printed (it is also kept in its log file). `env` adds to the
        environment of this step only.
        """
        log = self.log_path(name)
        with log.open("wb") as out:
            done = subprocess.run(
                command,
                env={**self._env, **(env or {})},
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                timeout=timeout,
                check=False,
            )
        if done.returncode != 0:
            raise LaunchError(f"{name} failed (exit {done.returncode}); see {log}:\n{_tail(log)}")
        return log.read_text(errors="replace")

    def start(
        self,
        name: str,
        command: list[str],
        health_url: str,
        timeout: float = 90.0,
        env: Mapping[str, str] | None = None,
    ) -> None:
        """Start a long-running service and wait until `health_url` answers 200; `env` adds to
        the environment of this service only."""
        log = self.log_path(name)
        out = log.open("ab")
        proc = subprocess.Popen(
            command,
            env={**self._env, **(env or {})},
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        out.close()
        self._children.append((name, proc))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise LaunchError(f"{name} exited with {proc.returncode}; see {log}:\n{_tail(log)}")
            if _healthy(health_url):
                return
            time.sleep(0.2)
        raise LaunchError(f"{name} not healthy at {health_url} after {timeout:.0f}s; see {log}")

    def watch(self) -> str | None:
        """The name of a child that has died, if any."""
        for name, proc in self._children:
            if proc.poll() is not None:
                return name
        return None

    def stop_all(self, timeout: float = 20.0) -> None:
        for _, proc in reversed(self._children):
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for _, proc in self._children:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        self._children.clear()


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (our own loopback URL)
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _tail(log: Path, lines: int = 20) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"
