"""Starting and stopping the local store servers that stand in for production (DESIGN §6).

Error tree::

    RuntimeError
    └── StoreStartError   a server would not start (binaries missing, port taken, crash)
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from shared.stores._process import StoreStartError
from shared.stores.documents import document_server
from shared.stores.graph import graph_server
from shared.stores.payments import payments_provider
from shared.stores.postgres import PostgresServer

__all__ = [
    "DATABASES",
    "LOCAL_STRIPE_API_KEY",
    "LOCAL_STRIPE_WEBHOOK_SECRET",
    "LocalStores",
    "StoreStartError",
    "StoreUrls",
]

# The PostgreSQL databases: the subgraphs that use PostgreSQL, one each, and the registry.
DATABASES = ("accounts", "scheduling", "payments", "learning", "registry")

# The local Stripe stand-in accepts any test-mode key, and the webhook secret only has to match
# what the launcher registers with it (`webhook_registration`): fixed demonstration values,
# not secrets, so that the environment is a function of the ports alone.
LOCAL_STRIPE_API_KEY = "sk_test_tutorgraph_local"
LOCAL_STRIPE_WEBHOOK_SECRET = "whsec_tutorgraph_local"  # noqa: S105 - a local demo value


@dataclass(frozen=True, slots=True, kw_only=True)
class StoreUrls:
    """Where each running store answers, as the subgraphs' environment variables expect."""

    postgres_port: int
    bolt_port: int
    redis_port: int
    mongo_port: int
    stripe_port: int

    def postgres_url(self, database: str) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.postgres_port}/{database}"

    @property
    def bolt_url(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def mongo_url(self) -> str:
        return f"mongodb://127.0.0.1:{self.mongo_port}/?directConnection=true"

    @property
    def stripe_url(self) -> str:
        """The Stripe stand-in's API base (`PAYMENTS_STRIPE_API_BASE`)."""
        return f"http://127.0.0.1:{self.stripe_port}"

    def environment(self) -> dict[str, str]:
        """The documented variables (docs/configuration.md) that point subgraphs at these stores."""
        return {
            "ACCOUNTS_DATABASE_URL": self.postgres_url("accounts"),
            "SCHEDULING_DATABASE_URL": self.postgres_url("scheduling"),
            "PAYMENTS_DATABASE_URL": self.postgres_url("payments"),
            "LEARNING_DATABASE_URL": self.postgres_url("learning"),
            "REGISTRY_DATABASE_URL": self.postgres_url("registry"),
            "TUTORS_NEO4J_URL": self.bolt_url,
            "REVIEWS_MONGO_URL": self.mongo_url,
            "PAYMENTS_STRIPE_API_BASE": self.stripe_url,
            "PAYMENTS_STRIPE_API_KEY": LOCAL_STRIPE_API_KEY,
            "PAYMENTS_STRIPE_WEBHOOK_SECRET": LOCAL_STRIPE_WEBHOOK_SECRET,
        }

    def webhook_registration(self, name: str, url: str) -> tuple[str, dict[str, str]]:
        """The stand-in's address and form that send its events to `url`, signed with the
        local webhook secret; registered again under the same `name`, it replaces the URL."""
        form = {"url": url, "secret": LOCAL_STRIPE_WEBHOOK_SECRET}
        return f"{self.stripe_url}/_config/webhooks/{name}", form


class LocalStores:
    """PostgreSQL, FalkorDB (Bolt), SecantusDB (Mongo wire) and localstripe (Stripe's API)
    under one data directory.

    `start` is idempotent: servers already running under `data_dir` are reused.
    """

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir.resolve()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._postgres = PostgresServer(self.data_dir)
        self._graph = graph_server(self.data_dir)
        self._documents = document_server(self.data_dir)
        self._payments = payments_provider(self.data_dir)

    def start(self) -> StoreUrls:
        # Side by side: each start is mostly waiting for a child to listen, and every test
        # session pays for the slowest one only.
        starts: tuple[Callable[[], object], ...] = (
            self._postgres.start,
            self._graph.start,
            self._documents.start,
            self._payments.start,
        )
        try:
            with ThreadPoolExecutor(max_workers=len(starts)) as pool:
                for future in [pool.submit(start) for start in starts]:
                    future.result()
            started = self.running()
            if started is None:
                raise StoreStartError("a store server stopped as soon as it started; see its log")
        except BaseException:
            self.stop()
            raise
        asyncio.run(_ensure_databases(started.postgres_port, DATABASES))
        return started

    def running(self) -> StoreUrls | None:
        postgres_port = self._postgres.running_port()
        graph_ports = self._graph.running_ports()
        mongo_ports = self._documents.running_ports()
        stripe_ports = self._payments.running_ports()
        if (
            postgres_port is None
            or graph_ports is None
            or mongo_ports is None
            or stripe_ports is None
        ):
            return None
        return StoreUrls(
            postgres_port=postgres_port,
            bolt_port=graph_ports["bolt"],
            redis_port=graph_ports["redis"],
            mongo_port=mongo_ports["mongo"],
            stripe_port=stripe_ports["stripe"],
        )

    def revive(self) -> dict[str, Path]:
        """Restart, on their ports, the graph, document and payments servers whose process died.

        Returns the names of those restarted, with their logs (which keep the crash).
        (PostgreSQL's postmaster supervises its own backends.) localstripe comes back with its
        objects and its webhook registrations (shared.stores.stripe_server keeps both).
        """
        servers = (self._graph, self._documents, self._payments)
        return {server.name: server.log_path for server in servers if server.revive()}

    def stop(self) -> None:
        for server in (self._payments, self._documents, self._graph, self._postgres):
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
