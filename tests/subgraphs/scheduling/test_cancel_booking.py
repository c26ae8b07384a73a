"""cancelBooking: the student or an admin may cancel once; others are refused."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from shared.auth import Viewer
from subgraphs.scheduling.model import Booking, BookingStatus
from subgraphs.scheduling.store import Store
from tests.subgraphs.scheduling.helpers import (
    ADMIN,
    NOW,
    OTHER_STUDENT,
    STUDENT,
    TUTOR,
    TUTOR_USER,
    codes,
    run,
)

pytestmark = pytest.mark.stores

CANCEL = "mutation($id: ID!) { cancelBooking(id: $id) { id status student { id } } }"


async def _booked(store: Store) -> Booking:
    return await store.insert_booking(
        Booking(
            id="booking-t1",
            tutor_id=TUTOR,
            student_id=STUDENT.user_id,
            start=datetime(2026, 12, 7, 8, tzinfo=UTC),
            end=datetime(2026, 12, 7, 9, tzinfo=UTC),
            status=BookingStatus.CONFIRMED,
            created_at=datetime(2026, 11, 1, tzinfo=UTC),
        ),
        NOW,
    )


async def _status(store: Store, booking_id: str) -> BookingStatus:
    return (await store.bookings_by_id([booking_id]))[booking_id].status


@pytest.mark.parametrize("viewer", [STUDENT, ADMIN], ids=["student", "admin"])
async def test_cancel_booking_by_student_or_admin(store: Store, viewer: Viewer) -> None:
    booking = await _booked(store)
    result = await run(store, CANCEL, {"id": booking.id}, viewer=viewer)
    assert result.errors is None
    assert result.data == {
        "cancelBooking": {
            "id": booking.id,
            "status": "CANCELLED",
            "student": {"id": STUDENT.user_id},
        }
    }
    assert await _status(store, booking.id) is BookingStatus.CANCELLED


@pytest.mark.parametrize("viewer", [OTHER_STUDENT, TUTOR_USER], ids=["other", "tutor"])
async def test_cancel_booking_by_someone_else_is_forbidden(store: Store, viewer: Viewer) -> None:
    booking = await _booked(store)
    result = await run(store, CANCEL, {"id": booking.id}, viewer=viewer)
    assert codes(result) == ["FORBIDDEN"]
    assert await _status(store, booking.id) is BookingStatus.CONFIRMED


async def test_cancel_booking_twice_is_conflict(store: Store) -> None:
    booking = await _booked(store)
    assert (await run(store, CANCEL, {"id": booking.id}, viewer=STUDENT)).errors is None
    again = await run(store, CANCEL, {"id": booking.id}, viewer=STUDENT)
    assert codes(again) == ["CONFLICT"]


async def test_cancel_booking_requires_sign_in(store: Store) -> None:
    booking = await _booked(store)
    result = await run(store, CANCEL, {"id": booking.id})
    assert codes(result) == ["UNAUTHENTICATED"]
    assert await _status(store, booking.id) is BookingStatus.CONFIRMED


async def test_cancel_unknown_booking_is_not_found(store: Store) -> None:
    result = await run(store, CANCEL, {"id": "booking-nope"}, viewer=STUDENT)
    assert codes(result) == ["NOT_FOUND"]
