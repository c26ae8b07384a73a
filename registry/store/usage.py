"""Usage as gateways report it: operations (document, coordinates) and hourly counts and
latency histograms per client, the operations a check's window saw, and latency percentiles
per operation, client and version."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, insert

from registry.store.base import (
    OPERATIONS,
    USAGE,
    StoreBase,
    utc_now,
)
from registry.store.latency import merged, percentile

__all__ = [
    "HourlyUsage",
    "Latency",
    "RecordedUsage",
    "UsageQueries",
    "UsedOperation",
    "latencies",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordedUsage:
    """One operation's usage as a gateway reports it (one client, one reporting window)."""

    hash: str
    name: str | None
    document: str
    coordinates: tuple[str, ...]
    client_name: str
    client_version: str
    count: int
    errors: int
    at: datetime
    # Requests per `registry.store.latency` bucket and their total duration; () when the
    # report carried no durations.
    latency: tuple[int, ...] = ()
    latency_ms: float = 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class UsedOperation:
    """An operation seen in a window: its document, coordinates and use per client."""

    hash: str
    name: str | None
    document: str
    coordinates: tuple[str, ...]
    # "name@version" (or "unknown") → requests in the window
    clients: dict[str, int]
    count: int
    errors: int


@dataclass(frozen=True, slots=True, kw_only=True)
class HourlyUsage:
    """One operation's requests and errors from one client in one hour."""

    hour: datetime
    hash: str
    name: str | None
    client: str  # "name@version", or "unknown"
    count: int
    errors: int
    client_name: str = ""
    client_version: str = ""
    # Requests per `registry.store.latency` bucket ((): no durations reported) and their sum.
    latency: tuple[int, ...] = ()
    latency_ms: float = 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Latency:
    """Durations of one operation (and one client and version, or all) over a window, from the
    merged histograms; percentiles are bucket upper bounds in milliseconds."""

    hash: str
    name: str | None
    client_name: str | None
    client_version: str | None
    timed: int  # requests with a reported duration
    mean_ms: float | None
    p50: float | None
    p95: float | None
    p99: float | None

    @classmethod
    def of(
        cls,
        rows: Iterable[HourlyUsage],
        *,
        hash: str,
        name: str | None,
        client_name: str | None = None,
        client_version: str | None = None,
    ) -> Latency:
        timed_rows = [row for row in rows if row.latency]
        counts = merged(row.latency for row in timed_rows)
        timed = sum(counts)
        total_ms = sum(row.latency_ms for row in timed_rows)
        return cls(
            hash=hash,
            name=name,
            client_name=client_name,
            client_version=client_version,
            timed=timed,
            mean_ms=total_ms / timed if timed else None,
            p50=percentile(counts, 0.5),
            p95=percentile(counts, 0.95),
            p99=percentile(counts, 0.99),
        )


def latencies(rows: Iterable[HourlyUsage], *, per_client: bool) -> list[Latency]:
    """`Latency` per operation (and per client and version with `per_client`) of `rows`,
    the most timed requests first."""
    groups: dict[tuple[str, str | None, str | None], list[HourlyUsage]] = {}
    for row in rows:
        key = (
            (row.hash, row.client_name, row.client_version)
            if per_client
            else (row.hash, None, None)
        )
        groups.setdefault(key, []).append(row)
    found = [
        Latency.of(
            grouped,
            hash=key[0],
            name=grouped[0].name,
            client_name=key[1],
            client_version=key[2],
        )
        for key, grouped in groups.items()
    ]
    return sorted(found, key=lambda item: (-item.timed, item.hash))


# Histograms add bucket by bucket; an empty one (a report without durations) adds nothing.
_ADDED_COUNTS: sa.ColumnClause[Any] = sa.literal_column(
    "CASE WHEN cardinality(usage.latency_counts) = 0 THEN excluded.latency_counts"
    " WHEN cardinality(excluded.latency_counts) = 0 THEN usage.latency_counts"
    " ELSE ARRAY(SELECT a + b FROM unnest(usage.latency_counts, excluded.latency_counts)"
    " AS added(a, b)) END",
    type_=ARRAY(sa.BigInteger),
)


def _client(name: str, version: str) -> str:
    return f"{name}@{version}" if version else (name or "unknown")


class UsageQueries(StoreBase):
    # -- usage ----------------------------------------------------------------------------

    async def record_usage(self, graph: str, variant: str, usage: Iterable[RecordedUsage]) -> int:
        """Add reported usage to the variant's hourly counts; the number of entries taken."""
        taken = 0
        async with self.engine.begin() as conn:
            variant_id = await self._variant_id(conn, graph, variant, create=False)
            for item in usage:
                statement = insert(OPERATIONS).values(
                    variant_id=variant_id,
                    hash=item.hash,
                    name=item.name,
                    document=item.document,
                    coordinates=list(item.coordinates),
                    first_seen=item.at,
                    last_seen=item.at,
                )
                await conn.execute(
                    statement.on_conflict_do_update(
                        index_elements=["variant_id", "hash"],
                        set_={
                            "last_seen": sa.func.greatest(
                                OPERATIONS.c.last_seen, statement.excluded.last_seen
                            )
                        },
                    )
                )
                hour = item.at.replace(minute=0, second=0, microsecond=0)
                counted = insert(USAGE).values(
                    variant_id=variant_id,
                    hash=item.hash,
                    client_name=item.client_name[:128],
                    client_version=item.client_version[:128],
                    hour=hour,
                    count=item.count,
                    errors=item.errors,
                    latency_counts=list(item.latency),
                    latency_ms=item.latency_ms,
                )
                await conn.execute(
                    counted.on_conflict_do_update(
                        index_elements=[
                            "variant_id",
                            "hash",
                            "client_name",
                            "client_version",
                            "hour",
                        ],
                        set_={
                            "count": USAGE.c.count + counted.excluded.count,
                            "errors": USAGE.c.errors + counted.excluded.errors,
                            "latency_counts": _ADDED_COUNTS,
                            "latency_ms": USAGE.c.latency_ms + counted.excluded.latency_ms,
                        },
                    )
                )
                taken += 1
        return taken

    async def used_operations(
        self,
        graph: str,
        variant: str,
        *,
        window: timedelta,
        excluded_clients: Iterable[str] = (),
        now: datetime | None = None,
    ) -> list[UsedOperation]:
        """Operations used within `window` (hourly resolution), with their clients."""
        since = (now or utc_now()) - window
        excluded = set(excluded_clients)
        async with self.engine.connect() as conn:
            variant_id = await self._variant_id(conn, graph, variant, create=False)
            rows = (
                await conn.execute(
                    sa.select(
                        OPERATIONS.c.hash,
                        OPERATIONS.c.name,
                        OPERATIONS.c.document,
                        OPERATIONS.c.coordinates,
                        USAGE.c.client_name,
                        USAGE.c.client_version,
                        sa.func.sum(USAGE.c.count).label("requests"),
                        sa.func.sum(USAGE.c.errors).label("failed"),
                    )
                    .join(
                        USAGE,
                        sa.and_(
                            USAGE.c.variant_id == OPERATIONS.c.variant_id,
                            USAGE.c.hash == OPERATIONS.c.hash,
                        ),
                    )
                    .where(
                        OPERATIONS.c.variant_id == variant_id,
                        USAGE.c.hour >= since.replace(minute=0, second=0, microsecond=0),
                    )
                    .group_by(
                        OPERATIONS.c.hash,
                        OPERATIONS.c.name,
                        OPERATIONS.c.document,
                        OPERATIONS.c.coordinates,
                        USAGE.c.client_name,
                        USAGE.c.client_version,
                    )
                    .order_by(OPERATIONS.c.hash)
                )
            ).all()
        found: dict[str, UsedOperation] = {}
        for row in rows:
            if row.client_name in excluded:
                continue
            client = _client(row.client_name, row.client_version)
            known = found.get(row.hash)
            if known is None:
                known = found[row.hash] = UsedOperation(
                    hash=row.hash,
                    name=row.name,
                    document=row.document,
                    coordinates=tuple(row.coordinates),
                    clients={},
                    count=0,
                    errors=0,
                )
            known.clients[client] = known.clients.get(client, 0) + int(row.requests)
            found[row.hash] = UsedOperation(
                hash=known.hash,
                name=known.name,
                document=known.document,
                coordinates=known.coordinates,
                clients=known.clients,
                count=known.count + int(row.requests),
                errors=known.errors + int(row.failed),
            )
        return list(found.values())

    async def hourly_usage(
        self, graph: str, variant: str, *, window: timedelta, now: datetime | None = None
    ) -> list[HourlyUsage]:
        """The variant's usage per hour, operation and client within `window`, oldest first."""
        since = ((now or utc_now()) - window).replace(minute=0, second=0, microsecond=0)
        async with self.engine.connect() as conn:
            variant_id = await self._variant_id(conn, graph, variant, create=False)
            rows = (
                await conn.execute(
                    sa.select(
                        USAGE.c.hour,
                        USAGE.c.hash,
                        OPERATIONS.c.name,
                        USAGE.c.client_name,
                        USAGE.c.client_version,
                        USAGE.c.count.label("requests"),
                        USAGE.c.errors.label("failed"),
                        USAGE.c.latency_counts,
                        USAGE.c.latency_ms,
                    )
                    .join(
                        OPERATIONS,
                        sa.and_(
                            OPERATIONS.c.variant_id == USAGE.c.variant_id,
                            OPERATIONS.c.hash == USAGE.c.hash,
                        ),
                    )
                    .where(USAGE.c.variant_id == variant_id, USAGE.c.hour >= since)
                    .order_by(USAGE.c.hour, USAGE.c.hash)
                )
            ).all()
        return [
            HourlyUsage(
                hour=row.hour,
                hash=row.hash,
                name=row.name,
                client=_client(row.client_name, row.client_version),
                count=int(row.requests),
                errors=int(row.failed),
                client_name=row.client_name,
                client_version=row.client_version,
                latency=tuple(row.latency_counts),
                latency_ms=float(row.latency_ms),
            )
            for row in rows
        ]

    async def latency(
        self,
        graph: str,
        variant: str,
        *,
        window: timedelta,
        per_client: bool = False,
        client_name: str | None = None,
        client_version: str | None = None,
        now: datetime | None = None,
    ) -> list[Latency]:
        """Latency percentiles within `window` per operation (and per client and version with
        `per_client`), of one client's or one version's requests when given; busiest first."""
        rows = [
            row
            for row in await self.hourly_usage(graph, variant, window=window, now=now)
            if (client_name is None or row.client_name == client_name)
            and (client_version is None or row.client_version == client_version)
        ]
        return latencies(rows, per_client=per_client)
