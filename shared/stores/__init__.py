"""Starting and stopping the local store servers that stand in for production (DESIGN §6).

Error tree::

    RuntimeError
    └── StoreStartError   a server would not start (binaries missing, port taken, crash)
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from shared.stores._process import StoreStartError
from shared.stores.documents import document_server
from shared.stores.graph import graph_server
from shared.stores.postgres import PostgresServer

__all__ = ["DATABASES", "LocalStores", "StoreStartError", "StoreUrls"]

# The PostgreSQL databases: the subgraphs that use PostgreSQL, one each, and the registry.
DATABASES = ("accounts", "scheduling", "payments", "learning", "registry")


@dataclass(frozen=True, slots=True, kw_only=True)
class StoreUrls:
    """Where each running store answers, as the subgraphs' environment variables expect."""

    postgres_port: int
    bolt_port: int
    redis_port: int
    mongo_port: int

    def postgres_url(self, database: str) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.postgres_port}/{database}"

    @property
    def bolt_url(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def mongo_url(self) -> str:
        return f"mongodb://127.0.0.1:{self.mongo_port}/?directConnection=true"

    def environment(self) -> dict[str, str]:
        """The documented variables (docs/configuration.md) that point subgraphs at these stores."""
        return {
            "ACCOUNTS_DATABASE_URL": self.postgres_url("accounts"),
            "SCHEDULING_DATABASE_URL": self.postgres_url("scheduling"),
            "REGISTRY_DATABASE_URL": self.postgres_url("registry"),
            "TUTORS_NEO4J_URL": self.bolt_url,
            "REVIEWS_MONGO_URL": self.mongo_url,
        }


class LocalStores:
    """PostgreSQL, FalkorDB (Bolt) and SecantusDB (Mongo wire) under one data directory.

    `start` is idempotent: servers already running under `data_dir` are reused.
    """

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir.resolve()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._postgres = PostgresServer(self.data_dir)
        self._graph = graph_server(self.data_dir)
        self._documents = document_server(self.data_dir)

    def start(self) -> StoreUrls:
        try:
            postgres_port = self._postgres.start()
            graph_ports = self._graph.start()
            mongo_ports = self._documents.start()
        except BaseException:
            self.stop()
            raise
        asyncio.run(_ensure_databases(postgres_port, DATABASES))
        return StoreUrls(
            postgres_port=postgres_port,
            bolt_port=graph_ports["bolt"],
            redis_port=graph_ports["redis"],
            mongo_port=mongo_ports["mongo"],
        )

    def running(self) -> StoreUrls | None:
        postgres_port = self._postgres.running_port()
        graph_ports = self._graph.running_ports()
        mongo_ports = self._documents.running_ports()
        if postgres_port is None or graph_ports is None or mongo_ports is None:
            return None
        return StoreUrls(
            postgres_port=postgres_port,
            bolt_port=graph_ports["bolt"],
            redis_port=graph_ports["redis"],
            mongo_port=mongo_ports["mongo"],
        )

    def revive(self) -> dict[str, Path]:
        """Restart, on their ports, the graph and document servers whose process died.

        Returns the names of those restarted, with their logs (which keep the crash).
        (PostgreSQL's postmaster supervises its own backends.)
        """
        servers = (self._graph, self._documents)
        return {server.name: server.log_path for server in servers if server.revive()}

    def stop(self) -> None:
        for server in (self._documents, self._graph, self._postgres):
            server.stop()


async def _ensure_databases(port: int, names: tuple[str, ...]) -> None:
    import asyncpg

    conn = await asyncpg.connect(host="127.0.0.1", port=port, user="postgres", database="postgres")
    try:
        existing = {r["datname"] for r in await conn.fetch("SELECT datname FROM pg_database")}
        for name in names:
            if name not in existing:
                await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
