"""What a subgraph asks of its stores, counted, and the Prometheus exposition served at /metrics.

`subgraph_store_queries_total{store="postgresql"|"neo4j"|"mongodb"}` counts the queries a
subgraph sent to each store: an SQL statement, a Cypher query, a MongoDB command. What "one
query" is follows each driver's natural unit, and each store module hooks its driver at the one
place every query passes (SQLAlchemy's `before_cursor_execute` event, PyMongo's command
monitoring, the tutors store's single Cypher runner), so no call site can forget to count.
Read twice around a request, the counter says how many queries that request cost: how the
N+1 regression test and the platform benchmark use it (docs/performance.md).

Each `StoreQueries` owns a private registry, as the gateway's metrics do, so several subgraphs
in one process (tests) never share or collide. Counting is one locked integer increment per
query, against a store round trip of a millisecond or more.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final, Literal

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, generate_latest

__all__ = ["METRICS_CONTENT_TYPE", "STORES", "StoreName", "StoreQueries"]

StoreName = Literal["postgresql", "neo4j", "mongodb"]
STORES: Final[tuple[StoreName, ...]] = ("postgresql", "neo4j", "mongodb")
METRICS_CONTENT_TYPE: Final = CONTENT_TYPE_LATEST


class StoreQueries:
    """The `subgraph_store_queries_total` counter of one subgraph, by store."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self._queries = Counter(
            "subgraph_store_queries",
            "Queries sent to a store (SQL statements, Cypher queries, MongoDB commands other "
            "than a cursor's next batch), by store.",
            ("store",),
            registry=self.registry,
        )

    def counter(self, store: StoreName) -> Callable[[], None]:
        """A function that counts one query to `store`: what a store module calls per query.

        The series shows from the moment a store asks for it, at zero until its first query.
        """
        return self._queries.labels(store=store).inc

    def value(self, store: StoreName) -> int:
        """Queries counted so far for `store` (0 when none)."""
        found = self.registry.get_sample_value("subgraph_store_queries_total", {"store": store})
        return int(found or 0)

    def render(self) -> bytes:
        """The Prometheus text exposition of this subgraph's counters."""
        return generate_latest(self.registry)
