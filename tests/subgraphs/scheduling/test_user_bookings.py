"""User.bookings and Query.booking: who sees which bookings, and the filters."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from shared.auth import Viewer
from subgraphs.scheduling.model import Booking, BookingStatus
from subgraphs.scheduling.store import Store
from tests.subgraphs.scheduling.helpers import (
    ADMIN,
    OTHER_STUDENT,
    STUDENT,
    TUTOR,
    TUTOR_USER,
    codes,
    run,
)

pytestmark = pytest.mark.stores

USER_BOOKINGS = """
query($id: ID!, $status: BookingStatus, $from: DateTime, $to: DateTime) {
  _entities(representations: [{__typename: "User", id: $id}]) {
    ... on User { bookings(status: $status, from: $from, to: $to) {
      edges { node { id status tutor { id } } }
    } }
  }
}
"""
BOOKING = "query($id: ID!) { booking(id: $id) { id start student { id } tutor { id } } }"
DAY = datetime(2026, 12, 7, 8, tzinfo=UTC)


def _booking(n: int, student: str, tutor: str, status: BookingStatus) -> Booking:
    start = DAY + timedelta(days=n)
    return Booking(
        id=f"booking-{n:03d}",
        tutor_id=tutor,
        student_id=student,
        start=start,
        end=start + timedelta(hours=1),
        status=status,
        created_at=DAY - timedelta(days=10),
    )


@pytest.fixture
async def booked(store: Store) -> Store:
    await store.load(
        [],
        [
            _booking(1, STUDENT.user_id, TUTOR, BookingStatus.CONFIRMED),
            _booking(2, STUDENT.user_id, "tutor-0002", BookingStatus.CANCELLED),
            _booking(3, OTHER_STUDENT.user_id, TUTOR, BookingStatus.CONFIRMED),
            _booking(4, STUDENT.user_id, "tutor-0003", BookingStatus.CONFIRMED),
        ],
    )
    return store


def _ids(result_data: dict[str, Any]) -> list[str]:
    return [e["node"]["id"] for e in result_data["_entities"][0]["bookings"]["edges"]]


async def test_user_bookings_lists_own_bookings_as_student(booked: Store) -> None:
    result = await run(booked, USER_BOOKINGS, {"id": STUDENT.user_id}, viewer=STUDENT)
    assert result.errors is None
    assert _ids(result.data) == ["booking-001", "booking-002", "booking-004"]


async def test_user_bookings_of_a_tutor_user_include_lessons_given(booked: Store) -> None:
    result = await run(booked, USER_BOOKINGS, {"id": TUTOR_USER.user_id}, viewer=TUTOR_USER)
    assert result.errors is None
    assert _ids(result.data) == ["booking-001", "booking-003"]


async def test_user_bookings_filters_by_status_and_window(booked: Store) -> None:
    confirmed = await run(
        booked, USER_BOOKINGS, {"id": STUDENT.user_id, "status": "CONFIRMED"}, viewer=STUDENT
    )
    assert _ids(confirmed.data) == ["booking-001", "booking-004"]
    window = {
        "id": STUDENT.user_id,
        "from": (DAY + timedelta(days=1, minutes=30)).isoformat(),
        "to": (DAY + timedelta(days=3)).isoformat(),
    }
    ranged = await run(booked, USER_BOOKINGS, window, viewer=STUDENT)
    # booking-001 still runs at `from` (it overlaps the window); booking-004 starts after `to`.
    assert _ids(ranged.data) == ["booking-001", "booking-002"]


async def test_user_bookings_rejects_reversed_window(booked: Store) -> None:
    variables = {"id": STUDENT.user_id, "from": DAY.isoformat(), "to": DAY.isoformat()}
    result = await run(booked, USER_BOOKINGS, variables, viewer=STUDENT)
    assert codes(result) == ["BAD_USER_INPUT"]


@pytest.mark.parametrize(
    ("viewer", "code"),
    [(None, "UNAUTHENTICATED"), (OTHER_STUDENT, "FORBIDDEN")],
    ids=["anonymous", "other"],
)
async def test_user_bookings_of_someone_else_are_refused(
    booked: Store, viewer: Viewer | None, code: str
) -> None:
    result = await run(booked, USER_BOOKINGS, {"id": STUDENT.user_id}, viewer=viewer)
    assert codes(result) == [code]


async def test_admin_reads_anyones_bookings(booked: Store) -> None:
    result = await run(booked, USER_BOOKINGS, {"id": OTHER_STUDENT.user_id}, viewer=ADMIN)
    assert _ids(result.data) == ["booking-003"]


@pytest.mark.parametrize("viewer", [STUDENT, TUTOR_USER, ADMIN], ids=["student", "tutor", "admin"])
async def test_booking_by_id_for_participants(booked: Store, viewer: Viewer) -> None:
    result = await run(booked, BOOKING, {"id": "booking-001"}, viewer=viewer)
    assert result.errors is None
    assert result.data == {
        "booking": {
            "id": "booking-001",
            "start": "2026-12-08T08:00:00+00:00",
            "student": {"id": STUDENT.user_id},
            "tutor": {"id": TUTOR},
        }
    }


async def test_booking_by_id_for_others(booked: Store) -> None:
    assert codes(await run(booked, BOOKING, {"id": "booking-001"})) == ["UNAUTHENTICATED"]
    other = await run(booked, BOOKING, {"id": "booking-001"}, viewer=OTHER_STUDENT)
    assert codes(other) == ["FORBIDDEN"]


async def test_unknown_booking_is_null(booked: Store) -> None:
    result = await run(booked, BOOKING, {"id": "booking-999"}, viewer=STUDENT)
    assert result.errors is None
    assert result.data == {"booking": None}


PAGE = """
query($id: ID!, $first: Int!, $after: String) {
  _entities(representations: [{__typename: "User", id: $id}]) {
    ... on User { bookings(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id } }
    } }
  }
}
"""


async def test_user_bookings_page_by_start_with_complete_page_info(booked: Store) -> None:
    variables = {"id": STUDENT.user_id, "first": 2, "after": None}
    first = (await run(booked, PAGE, variables, viewer=STUDENT)).data
    assert first is not None
    page = first["_entities"][0]["bookings"]
    assert page["totalCount"] == 3
    assert [e["node"]["id"] for e in page["edges"]] == ["booking-001", "booking-002"]
    assert page["pageInfo"] == {
        "hasNextPage": True,
        "hasPreviousPage": False,
        "startCursor": page["edges"][0]["cursor"],
        "endCursor": page["edges"][1]["cursor"],
    }
    variables["after"] = page["pageInfo"]["endCursor"]
    second = (await run(booked, PAGE, variables, viewer=STUDENT)).data
    assert second is not None
    rest = second["_entities"][0]["bookings"]
    assert [e["node"]["id"] for e in rest["edges"]] == ["booking-004"]
    assert rest["pageInfo"]["hasNextPage"] is False
    assert rest["pageInfo"]["hasPreviousPage"] is True
