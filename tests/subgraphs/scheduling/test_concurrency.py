"""No double booking under concurrency: the exclusion constraint lets exactly one win."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from shared.auth import Viewer
from shared.errors import Conflict
from subgraphs.scheduling.app import build_app
from subgraphs.scheduling.model import Booking, BookingStatus
from subgraphs.scheduling.store import Store
from tests.subgraphs.scheduling.helpers import BERLIN_RULES, BOOK, NOW, TUTOR, book_vars
from tests.support.identity import gateway_identity_headers
from tests.support.servers import serve_in_thread

pytestmark = pytest.mark.stores

CONTENDERS = 20


async def _holding(store: Store) -> list[Booking]:
    """The tutor's bookings that hold a slot: pending payment (what bookLesson makes) or paid."""
    rows = await store.bookings_involving(
        student_ids=[],
        tutor_ids=[TUTOR],
        status=None,
        start=None,
        end=None,
    )
    return [b for b in rows if b.status is not BookingStatus.CANCELLED]


async def test_concurrent_http_bookings_of_one_slot_have_one_winner(
    store: Store, gateway_secret: str
) -> None:
    await store.replace_rules(TUTOR, BERLIN_RULES)
    app = build_app(secret=gateway_secret, clock=lambda: NOW)
    identities = [
        gateway_identity_headers(
            Viewer(user_id=f"user-{400 + n:04d}", role="STUDENT"), gateway_secret
        )
        for n in range(CONTENDERS)
    ]
    body = {"query": BOOK, "variables": book_vars("2026-12-07T08:00:00Z", "2026-12-07T09:30:00Z")}
    with serve_in_thread(app) as base:
        limits = httpx.Limits(max_connections=CONTENDERS)
        async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
            responses = await asyncio.gather(
                *(client.post("/graphql", json=body, headers=headers) for headers in identities)
            )
    assert {r.status_code for r in responses} == {200}
    outcomes = Counter(
        "won" if r.json().get("data") else r.json()["errors"][0]["extensions"]["code"]
        for r in responses
    )
    assert outcomes == {"won": 1, "CONFLICT": CONTENDERS - 1}
    (winner,) = await _holding(store)
    won = next(r.json()["data"]["bookLesson"] for r in responses if r.json().get("data"))
    assert winner.id == won["id"]


async def test_concurrent_store_inserts_of_overlapping_intervals_have_one_winner(
    store: Store,
) -> None:
    base = datetime(2026, 12, 7, 8, tzinfo=UTC)
    # Every interval contains 09:00-09:15, so any two overlap, though no two are equal.
    candidates = [
        Booking(
            id=f"booking-c{n:02d}",
            tutor_id=TUTOR,
            student_id=f"user-{500 + n:04d}",
            start=base + timedelta(minutes=15 * (n % 4)),
            end=base + timedelta(minutes=75 + 15 * (n % 5)),
            status=BookingStatus.CONFIRMED,
            created_at=NOW,
        )
        for n in range(CONTENDERS)
    ]
    results = await asyncio.gather(
        *(store.insert_booking(c, NOW) for c in candidates), return_exceptions=True
    )
    winners = [r for r in results if isinstance(r, Booking)]
    conflicts = [r for r in results if isinstance(r, Conflict)]
    # On failure, say what the others got (a timeout, another store error) rather than a count.
    others = [repr(r)[:200] for r in results if not isinstance(r, Booking | Conflict)]
    assert len(winners) == 1, others
    assert len(conflicts) == CONTENDERS - 1, others
    assert [b.id for b in await _holding(store)] == [winners[0].id]


async def test_cancelled_bookings_do_not_block_the_constraint(store: Store) -> None:
    start = datetime(2026, 12, 7, 8, tzinfo=UTC)

    def booking(n: int, status: BookingStatus) -> Booking:
        return Booking(
            id=f"booking-x{n}",
            tutor_id=TUTOR,
            student_id="user-0600",
            start=start,
            end=start + timedelta(hours=1),
            status=status,
            created_at=NOW,
        )

    await store.insert_booking(booking(1, BookingStatus.CANCELLED), NOW)
    await store.insert_booking(booking(2, BookingStatus.CANCELLED), NOW)
    await store.insert_booking(booking(3, BookingStatus.CONFIRMED), NOW)
    with pytest.raises(Conflict):
        await store.insert_booking(booking(4, BookingStatus.CONFIRMED), NOW)
    # A different tutor may hold the same time.
    other = Booking(**{**_fields(booking(5, BookingStatus.CONFIRMED)), "tutor_id": "tutor-0002"})
    assert await store.insert_booking(other, NOW) == other


def _fields(b: Booking) -> dict[str, object]:
    return {name: getattr(b, name) for name in Booking.__dataclass_fields__}
