"""Per-request DataLoaders: every entity and per-tutor/per-user field loads through one."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from strawberry.dataloader import DataLoader

from shared.subgraph.loaders import batched, grouped
from subgraphs.scheduling.model import Booking, BookingStatus, Interval, Rule
from subgraphs.scheduling.ownership import tutor_of_user
from subgraphs.scheduling.slots import free_slots
from subgraphs.scheduling.store import Store

__all__ = ["BookingFilter", "Loaders"]


@dataclass(frozen=True, slots=True, kw_only=True)
class BookingFilter:
    """The arguments of `User.bookings`; bounds already validated and in UTC."""

    status: BookingStatus | None
    start: datetime | None
    end: datetime | None


def _overlaps(a: Interval, b: Interval) -> bool:
    return a.start < b.end and b.start < a.end


class Loaders:
    """Fresh per request, so caches never outlive one operation or leak between viewers."""

    def __init__(self, store: Store, clock: Callable[[], datetime]) -> None:
        self._store = store
        self._clock = clock
        self.booking: DataLoader[str, Booking | None] = batched(store.bookings_by_id, missing=None)
        self.rules: DataLoader[str, tuple[Rule, ...]] = batched(store.rules_for, missing=())
        self.availability: DataLoader[tuple[str, Interval], tuple[Interval, ...]] = DataLoader(
            load_fn=self._availability
        )
        self.user_bookings: DataLoader[tuple[str, BookingFilter], tuple[Booking, ...]] = grouped(
            self._user_bookings, split=lambda key: (key[1], key[0]), missing=()
        )

    def clear_all(self) -> None:
        """Forgets everything loaded: a subscription does this before each event."""
        self.booking.clear_all()
        self.rules.clear_all()
        self.availability.clear_all()
        self.user_bookings.clear_all()

    async def _availability(
        self, keys: Sequence[tuple[str, Interval]]
    ) -> list[tuple[Interval, ...]]:
        # One rules query and one bookings query for all tutors, over the span of all windows.
        tutor_ids = list(dict.fromkeys(t for t, _ in keys))
        span = Interval(start=min(w.start for _, w in keys), end=max(w.end for _, w in keys))
        rules = dict(zip(tutor_ids, await self.rules.load_many(tutor_ids), strict=True))
        busy = await self._store.busy(tutor_ids, span, self._clock())
        return [
            free_slots(rules[t], (b for b in busy[t] if _overlaps(b, window)), window)
            for t, window in keys
        ]

    async def _user_bookings(
        self, flt: BookingFilter, user_ids: list[str]
    ) -> dict[str, tuple[Booking, ...]]:
        """The bookings involving each user under one filter, in one store query."""
        tutors = {u: tutor_of_user(u) for u in user_ids}
        rows = await self._store.bookings_involving(
            student_ids=user_ids,
            tutor_ids=[t for t in tutors.values() if t is not None],
            status=flt.status,
            start=flt.start,
            end=flt.end,
        )
        involved: dict[str, list[Booking]] = defaultdict(list)
        user_of = {t: u for u, t in tutors.items() if t is not None}
        for b in rows:
            # A booking can involve two requested users: the student and the tutor's user.
            for who in {b.student_id, user_of.get(b.tutor_id)}:
                if who is not None:
                    involved[who].append(b)
        return {user_id: tuple(found) for user_id, found in involved.items()}
