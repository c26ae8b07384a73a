"""A server started from a command line, remembered by a small state file for reuse and stop."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path

from shared.stores._process import (
    adopt,
    free_port,
    is_listening,
    pid_alive,
    stop_pid,
    wait_listening,
)

__all__ = ["Daemon"]


class Daemon:
    """A server process whose ports are chosen here and recorded in `<data_dir>/<name>.json`."""

    def __init__(
        self,
        name: str,
        data_dir: Path,
        command: Callable[[Path, Mapping[str, int]], list[str]],
        port_names: tuple[str, ...],
        ports: Mapping[str, int] | None = None,
        port_bounds: Mapping[str, int] | None = None,
    ) -> None:
        self.name = name
        self.data_dir = data_dir.resolve()
        self._command = command
        self._port_names = port_names
        self._wanted = dict(ports or {})
        self._bounds = dict(port_bounds or {})

    @property
    def state_path(self) -> Path:
        return self.data_dir / f"{self.name}.json"

    @property
    def log_path(self) -> Path:
        return self.data_dir / f"{self.name}.log"

    def running_ports(self) -> dict[str, int] | None:
        state = self._state()
        if state is None:
            return None
        pid, ports = state
        if pid_alive(pid) and all(is_listening(p) for p in ports.values()):
            return ports
        return None

    def start(self) -> dict[str, int]:
        ports = self.running_ports()
        if ports is not None:
            return ports
        ports = {
            name: self._wanted.get(name) or free_port(below=self._bounds.get(name))
            for name in self._port_names
        }
        return self._spawn(ports)

    def revive(self) -> bool:
        """Start the server again on its recorded ports if its process has died (a crash).

        True when it was restarted; False when it runs, or was never started or was stopped
        (no state file). The log keeps the dead process's last words: it is appended to.
        """
        state = self._state()
        if state is None or pid_alive(state[0]):
            return False
        self._spawn(state[1])
        return True

    def _state(self) -> tuple[int, dict[str, int]] | None:
        try:
            state = json.loads(self.state_path.read_text())
            return int(state["pid"]), {k: int(v) for k, v in state["ports"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def _spawn(self, ports: dict[str, int]) -> dict[str, int]:
        workdir = self.data_dir / self.name
        workdir.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as out:
            proc = subprocess.Popen(
                self._command(workdir, ports),
                cwd=workdir,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        adopt(proc)
        for port in ports.values():
            wait_listening(self.name, proc, port, self.log_path)
        self.state_path.write_text(json.dumps({"pid": proc.pid, "ports": ports}))
        return ports

    def stop(self) -> None:
        state = self._state()
        if state is None:
            return
        stop_pid(state[0])
        self.state_path.unlink(missing_ok=True)
