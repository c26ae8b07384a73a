"""bookLesson: who may book, which intervals are bookable, overlap is a CONFLICT."""

from __future__ import annotations

import pytest

from subgraphs.scheduling.store import Store
from tests.subgraphs.scheduling.helpers import (
    BERLIN_RULES,
    BOOK,
    OTHER_STUDENT,
    STUDENT,
    TUTOR,
    TUTOR_USER,
    book_vars,
    codes,
    run,
)

pytestmark = pytest.mark.stores


async def _bookings_of(store: Store, user: str) -> int:
    rows = await store.bookings_involving(
        student_ids=[user], tutor_ids=[], status=None, start=None, end=None
    )
    return len(rows)


async def test_book_lesson_inside_rules_holds_the_slot_pending_payment(store: Store) -> None:
    await store.replace_rules(TUTOR, BERLIN_RULES)
    result = await run(
        store,
        BOOK,
        book_vars("2026-12-07T09:00:00+01:00", "2026-12-07T10:30:00+01:00"),
        viewer=STUDENT,
    )
    assert result.errors is None
    booking = result.data["bookLesson"]
    assert booking["start"] == "2026-12-07T08:00:00+00:00"
    assert booking["end"] == "2026-12-07T09:30:00+00:00"
    assert booking["status"] == "PENDING_PAYMENT"
    assert booking["tutor"] == {"id": TUTOR}
    assert booking["student"] == {"id": STUDENT.user_id}
    assert booking["createdAt"] == "2026-11-01T12:00:00+00:00"
    stored = await store.bookings_by_id([booking["id"]])
    assert stored[booking["id"]].student_id == STUDENT.user_id


async def test_book_lesson_requires_sign_in(store: Store) -> None:
    await store.replace_rules(TUTOR, BERLIN_RULES)
    result = await run(store, BOOK, book_vars("2026-12-07T08:00:00Z", "2026-12-07T09:00:00Z"))
    assert codes(result) == ["UNAUTHENTICATED"]
    assert result.data is None


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2026-12-07T08:00:00Z", "2026-12-07T08:15:00Z", "between 30 and 180"),
        ("2026-12-07T08:00:00Z", "2026-12-07T11:15:00Z", "between 30 and 180"),
        ("2026-12-07T08:10:00Z", "2026-12-07T09:10:00Z", "15-minute"),
        ("2026-10-05T08:00:00Z", "2026-10-05T09:00:00Z", "future"),
        ("2026-12-07T10:30:00Z", "2026-12-07T11:30:00Z", "availability"),
        ("2026-12-08T08:00:00Z", "2026-12-08T09:00:00Z", "availability"),
        ("2026-12-07T08:00:00", "2026-12-07T09:00:00", "offset"),
    ],
)
async def test_book_lesson_rejects_bad_intervals_and_writes_nothing(
    store: Store, start: str, end: str, message: str
) -> None:
    await store.replace_rules(TUTOR, BERLIN_RULES)
    result = await run(store, BOOK, book_vars(start, end), viewer=STUDENT)
    assert codes(result) == ["BAD_USER_INPUT"]
    assert message in result.errors[0].message
    assert result.errors[0].extensions["argument"] in {"input.start", "input.end"}
    assert result.errors[0].message.startswith(result.errors[0].extensions["argument"])
    assert await _bookings_of(store, STUDENT.user_id) == 0


async def test_book_lesson_rejects_unparseable_datetime(store: Store) -> None:
    result = await run(
        store, BOOK, book_vars("next monday", "2026-12-07T09:00:00Z"), viewer=STUDENT
    )
    # Variable coercion fails before execution; shared/ codes it as a client error.
    assert codes(result) in (["BAD_USER_INPUT"], ["GRAPHQL_VALIDATION_FAILED"])
    assert await _bookings_of(store, STUDENT.user_id) == 0


async def test_book_lesson_rejects_bad_tutor_id_and_own_profile(store: Store) -> None:
    await store.replace_rules(TUTOR, BERLIN_RULES)
    slot = ("2026-12-07T08:00:00Z", "2026-12-07T09:00:00Z")
    bad_id = await run(store, BOOK, book_vars(*slot, tutor="user-0001"), viewer=STUDENT)
    assert codes(bad_id) == ["BAD_USER_INPUT"]
    own = await run(store, BOOK, book_vars(*slot), viewer=TUTOR_USER)
    assert codes(own) == ["BAD_USER_INPUT"]
    assert "yourself" in own.errors[0].message


async def test_book_lesson_overlap_is_conflict(store: Store) -> None:
    await store.replace_rules(TUTOR, BERLIN_RULES)
    first = await run(
        store, BOOK, book_vars("2026-12-07T08:00:00Z", "2026-12-07T09:00:00Z"), viewer=STUDENT
    )
    assert first.errors is None
    overlapping = await run(
        store, BOOK, book_vars("2026-12-07T08:45:00Z", "2026-12-07T09:45:00Z"), viewer=OTHER_STUDENT
    )
    assert codes(overlapping) == ["CONFLICT"]
    assert await _bookings_of(store, OTHER_STUDENT.user_id) == 0
    # Half-open intervals: a lesson starting when the other ends does not overlap.
    adjacent = await run(
        store, BOOK, book_vars("2026-12-07T09:00:00Z", "2026-12-07T10:00:00Z"), viewer=OTHER_STUDENT
    )
    assert adjacent.errors is None


async def test_cancelled_booking_frees_the_slot(store: Store) -> None:
    await store.replace_rules(TUTOR, BERLIN_RULES)
    slot = book_vars("2026-12-07T08:00:00Z", "2026-12-07T09:00:00Z")
    first = await run(store, BOOK, slot, viewer=STUDENT)
    booking_id = first.data["bookLesson"]["id"]
    cancel = await run(
        store,
        "mutation($id: ID!) { cancelBooking(id: $id) { status } }",
        {"id": booking_id},
        viewer=STUDENT,
    )
    assert cancel.errors is None
    again = await run(store, BOOK, slot, viewer=OTHER_STUDENT)
    assert again.errors is None
    assert again.data["bookLesson"]["student"] == {"id": OTHER_STUDENT.user_id}
