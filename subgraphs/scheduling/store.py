"""All PostgreSQL access of the scheduling subgraph (SQLAlchemy Core over asyncpg).

Every statement goes through `_execute`, which counts it: tests use `query_count` to prove
that N entity representations cost one round trip, not N. `store_queries` (what /metrics
shows) counts every statement the engine sends, at SQLAlchemy's `before_cursor_execute`.

Each write also sends its change (`changes.py`) with `pg_notify` in its own transaction, so
listeners in every process hear of it on commit; `listen_connection` opens the connection a
process listens on.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

import asyncpg
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from shared.errors import Conflict
from shared.subgraph.metrics import StoreQueries
from shared.subgraph.postgres import is_postgres_outage, postgres_engine
from shared.subgraph.timeouts import StoreTimeouts, store_deadline
from subgraphs.scheduling.changes import (
    CHANNEL,
    BookingChange,
    BookingChangeKind,
    Change,
    RulesChange,
    encode,
)
from subgraphs.scheduling.migrations import migrate
from subgraphs.scheduling.model import Booking, BookingStatus, Interval, Rule
from subgraphs.scheduling.settings import Settings
from subgraphs.scheduling.tables import BOOKINGS as _bookings
from subgraphs.scheduling.tables import RULES as _rules
from subgraphs.scheduling.tables import booking_of as _booking
from subgraphs.scheduling.tables import booking_values as _booking_values
from subgraphs.scheduling.tables import rule_of as _rule
from subgraphs.scheduling.tables import rule_values as _rule_values

__all__ = ["LISTEN_APPLICATION_NAME", "Store"]

LISTEN_APPLICATION_NAME = "scheduling-listen"

_EXCLUSION_VIOLATION = "23P01"


def _is_double_booking(error: IntegrityError) -> bool:
    orig = error.orig
    cause = getattr(orig, "__cause__", None)
    return getattr(orig, "sqlstate", None) == _EXCLUSION_VIOLATION or isinstance(
        cause, asyncpg.exceptions.ExclusionViolationError
    )


def _holds_slot(now: datetime) -> sa.ColumnElement[bool]:
    """Confirmed, or pending payment with its hold still running at `now`."""
    return sa.or_(
        _bookings.c.status == BookingStatus.CONFIRMED.value,
        sa.and_(
            _bookings.c.status == BookingStatus.PENDING_PAYMENT.value,
            _bookings.c.hold_until > now,
        ),
    )


def _booking_change(kind: BookingChangeKind, b: Booking) -> BookingChange:
    return BookingChange(kind=kind, booking_id=b.id, tutor_id=b.tutor_id, student_id=b.student_id)


def _storable(ids: Iterable[str]) -> list[str]:
    """Ids PostgreSQL text can hold; others (NUL, lone surrogates) cannot match any row."""
    out = []
    for i in ids:
        try:
            i.encode()
        except UnicodeEncodeError:
            continue
        if "\x00" not in i:
            out.append(i)
    return out


class Store:
    """The scheduling database: weekly rules and bookings.

    Every call the service makes runs under the query timeout; a stalled or unreachable
    server is StoreUnavailable.
    """

    def __init__(
        self,
        engine: AsyncEngine,
        timeouts: StoreTimeouts | None = None,
        store_queries: StoreQueries | None = None,
    ) -> None:
        self._engine = engine
        self._timeouts = timeouts or StoreTimeouts()
        self.query_count = 0
        self.store_queries = store_queries or StoreQueries()
        count = self.store_queries.counter("postgresql")
        sa.event.listen(engine.sync_engine, "before_cursor_execute", lambda *_: count())

    @classmethod
    def connect(cls, settings: Settings) -> Store:
        limits = settings.timeouts
        engine = postgres_engine(
            settings.database_url, pool_size=settings.pool_size, timeouts=limits
        )
        return cls(engine, limits)

    def _deadline(self) -> contextlib.AbstractAsyncContextManager[None]:
        return store_deadline("scheduling", self._timeouts.query, is_postgres_outage)

    async def close(self) -> None:
        await self._engine.dispose()

    async def migrate(self) -> None:
        """Brings the schema to the newest revision (idempotent; safe to race)."""
        await migrate(self._engine)

    async def _execute(
        self, conn: AsyncConnection, statement: sa.Executable, params: Any = None
    ) -> sa.CursorResult[Any]:
        self.query_count += 1
        return await conn.execute(statement, params)

    async def _notify(self, conn: AsyncConnection, change: Change) -> None:
        """Queue `change` for the listeners; PostgreSQL sends it only if the transaction commits."""
        await self._execute(conn, sa.select(sa.func.pg_notify(CHANNEL, encode(change))))

    async def listen_connection(self) -> Any:
        """A new asyncpg connection of its own (not pooled: it stays open to LISTEN)."""
        url = self._engine.url.set(drivername="postgresql")
        return await asyncpg.connect(
            url.render_as_string(hide_password=False),
            timeout=self._timeouts.connect,
            command_timeout=self._timeouts.query,
            # Named, so that operators (and tests) can find it in pg_stat_activity.
            server_settings={"application_name": LISTEN_APPLICATION_NAME},
        )

    async def rules_for(self, tutor_ids: Sequence[str]) -> Mapping[str, tuple[Rule, ...]]:
        """Each tutor's weekly rules (empty for tutors without any), in one query."""
        query = (
            sa.select(_rules)
            .where(_rules.c.tutor_id.in_(_storable(tutor_ids)))
            .order_by(_rules.c.tutor_id, _rules.c.weekday, _rules.c.start_time)
        )
        async with self._deadline(), self._engine.connect() as conn:
            rows = (await self._execute(conn, query)).all()
        found: dict[str, list[Rule]] = defaultdict(list)
        for row in rows:
            found[row.tutor_id].append(_rule(row))
        return {t: tuple(found.get(t, ())) for t in tutor_ids}

    async def busy(
        self, tutor_ids: Sequence[str], window: Interval, now: datetime
    ) -> Mapping[str, tuple[Interval, ...]]:
        """Bookings of these tutors that hold their slot at `now` (confirmed, or pending
        payment within their hold) and overlap `window`, in one query."""
        query = sa.select(_bookings.c.tutor_id, _bookings.c.start_at, _bookings.c.end_at).where(
            _bookings.c.tutor_id.in_(_storable(tutor_ids)),
            _holds_slot(now),
            _bookings.c.start_at < window.end,
            _bookings.c.end_at > window.start,
        )
        async with self._deadline(), self._engine.connect() as conn:
            rows = (await self._execute(conn, query)).all()
        found: dict[str, list[Interval]] = defaultdict(list)
        for row in rows:
            found[row.tutor_id].append(Interval(start=row.start_at, end=row.end_at))
        return {t: tuple(sorted(found.get(t, ()))) for t in tutor_ids}

    async def bookings_by_id(self, ids: Sequence[str]) -> Mapping[str, Booking]:
        query = sa.select(_bookings).where(_bookings.c.id.in_(_storable(ids)))
        async with self._deadline(), self._engine.connect() as conn:
            rows = (await self._execute(conn, query)).all()
        return {row.id: _booking(row) for row in rows}

    async def bookings_involving(
        self,
        *,
        student_ids: Sequence[str],
        tutor_ids: Sequence[str],
        status: BookingStatus | None,
        start: datetime | None,
        end: datetime | None,
    ) -> tuple[Booking, ...]:
        """Bookings made by any of the students or given by any of the tutors, in one query."""
        conditions: list[sa.ColumnElement[bool]] = [
            sa.or_(
                _bookings.c.student_id.in_(_storable(student_ids)),
                _bookings.c.tutor_id.in_(_storable(tutor_ids)),
            )
        ]
        if status is not None:
            conditions.append(_bookings.c.status == status.value)
        if start is not None:
            conditions.append(_bookings.c.end_at > start)
        if end is not None:
            conditions.append(_bookings.c.start_at < end)
        query = (
            sa.select(_bookings).where(*conditions).order_by(_bookings.c.start_at, _bookings.c.id)
        )
        async with self._deadline(), self._engine.connect() as conn:
            rows = (await self._execute(conn, query)).all()
        return tuple(_booking(row) for row in rows)

    async def insert_booking(self, booking: Booking, now: datetime) -> Booking:
        """Stores a booking; the exclusion constraint turns a double booking into Conflict.

        Pending bookings of the same tutor whose hold ended by `now` and that overlap this one
        are cancelled first, in the same transaction: a hold lapses only when the slot is
        wanted, so a late payment still confirms a booking nobody else claimed.
        """
        lapsed = (
            sa.update(_bookings)
            .where(
                _bookings.c.tutor_id == booking.tutor_id,
                _bookings.c.status == BookingStatus.PENDING_PAYMENT.value,
                _bookings.c.hold_until <= now,
                _bookings.c.start_at < booking.end,
                _bookings.c.end_at > booking.start,
            )
            .values(status=BookingStatus.CANCELLED.value, cancelled_at=now)
            .returning(*_bookings.c)
        )
        try:
            async with self._deadline(), self._engine.begin() as conn:
                for row in (await self._execute(conn, lapsed)).all():
                    await self._notify(
                        conn, _booking_change(BookingChangeKind.CANCELLED, _booking(row))
                    )
                await self._execute(conn, sa.insert(_bookings), _booking_values(booking))
                await self._notify(conn, _booking_change(BookingChangeKind.BOOKED, booking))
        except IntegrityError as error:
            if _is_double_booking(error):
                raise Conflict("the tutor already has a booking overlapping this time") from None
            raise
        return booking

    async def cancel(self, booking_id: str, now: datetime) -> Booking | None:
        """Marks a pending or confirmed booking cancelled at `now`; None when it is missing
        or already cancelled."""
        query = (
            sa.update(_bookings)
            .where(
                _bookings.c.id == booking_id,
                _bookings.c.status != BookingStatus.CANCELLED.value,
            )
            .values(status=BookingStatus.CANCELLED.value, cancelled_at=now)
            .returning(*_bookings.c)
        )
        async with self._deadline(), self._engine.begin() as conn:
            row = (await self._execute(conn, query)).first()
            if row is None:
                return None
            cancelled = _booking(row)
            await self._notify(conn, _booking_change(BookingChangeKind.CANCELLED, cancelled))
        return cancelled

    async def confirm_payment(self, booking_id: str, payment_id: str) -> Booking | None:
        """PENDING_PAYMENT → CONFIRMED by `payment_id`; None when the booking is not pending
        (missing, cancelled, or already confirmed: the caller tells these apart)."""
        query = (
            sa.update(_bookings)
            .where(
                _bookings.c.id == booking_id,
                _bookings.c.status == BookingStatus.PENDING_PAYMENT.value,
            )
            .values(status=BookingStatus.CONFIRMED.value, payment_id=payment_id, hold_until=None)
            .returning(*_bookings.c)
        )
        try:
            async with self._deadline(), self._engine.begin() as conn:
                row = (await self._execute(conn, query)).first()
                if row is None:
                    return None
                confirmed = _booking(row)
                await self._notify(conn, _booking_change(BookingChangeKind.CONFIRMED, confirmed))
        except IntegrityError:
            # payment_id is unique: one payment confirms one booking.
            raise Conflict("this payment already confirmed another booking") from None
        return confirmed

    async def refund_notices_due(self, limit: int) -> tuple[Booking, ...]:
        """Paid bookings cancelled whose cancellation payments has not acknowledged yet."""
        query = (
            sa.select(_bookings)
            .where(
                _bookings.c.status == BookingStatus.CANCELLED.value,
                _bookings.c.payment_id.is_not(None),
                _bookings.c.refund_notice_sent_at.is_(None),
            )
            .order_by(_bookings.c.cancelled_at)
            .limit(limit)
        )
        async with self._deadline(), self._engine.connect() as conn:
            rows = (await self._execute(conn, query)).all()
        return tuple(_booking(row) for row in rows)

    async def refund_notice_sent(self, booking_id: str, now: datetime) -> None:
        query = (
            sa.update(_bookings)
            .where(_bookings.c.id == booking_id, _bookings.c.refund_notice_sent_at.is_(None))
            .values(refund_notice_sent_at=now)
        )
        async with self._deadline(), self._engine.begin() as conn:
            await self._execute(conn, query)

    async def replace_rules(self, tutor_id: str, rules: Iterable[Rule]) -> None:
        """Swaps a tutor's whole weekly schedule in one transaction."""
        values = [_rule_values(r) for r in rules]
        async with self._deadline(), self._engine.begin() as conn:
            await self._execute(conn, sa.delete(_rules).where(_rules.c.tutor_id == tutor_id))
            if values:
                await self._execute(conn, sa.insert(_rules), values)
            await self._notify(conn, RulesChange(tutor_id=tutor_id))

    async def counts(self) -> tuple[int, int]:
        """How many availability rules and bookings are stored, in one query."""
        query = sa.text(
            "SELECT (SELECT count(*) FROM availability_rules) AS rules, "
            "(SELECT count(*) FROM bookings) AS bookings"
        )
        async with self._engine.connect() as conn:
            row = (await self._execute(conn, query)).one()
        return int(row.rules), int(row.bookings)

    async def reset(self) -> None:
        """Deletes every rule and booking (tests and the seed start from empty)."""
        async with self._engine.begin() as conn:
            await self._execute(conn, sa.text("TRUNCATE bookings, availability_rules"))

    async def load(self, rules: Iterable[Rule], bookings: Iterable[Booking]) -> None:
        """Bulk-inserts seed data in one transaction."""
        rule_values = [_rule_values(r) for r in rules]
        booking_values = [_booking_values(b) for b in bookings]
        async with self._engine.begin() as conn:
            if rule_values:
                await self._execute(conn, sa.insert(_rules), rule_values)
            if booking_values:
                await self._execute(conn, sa.insert(_bookings), booking_values)
