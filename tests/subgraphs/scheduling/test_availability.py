"""Tutor.availability and Tutor.availabilityRules through `_entities`."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from subgraphs.scheduling.model import Booking, BookingStatus
from subgraphs.scheduling.store import Store
from tests.subgraphs.scheduling.helpers import BERLIN_RULES, STUDENT, TUTOR, codes, run

pytestmark = pytest.mark.stores

AVAILABILITY = """
query($id: ID!, $from: DateTime!, $to: DateTime!) {
  _entities(representations: [{__typename: "Tutor", id: $id}]) {
    ... on Tutor { id availability(from: $from, to: $to) { start end } }
  }
}
"""


def _slots(data: dict[str, list[dict[str, list[dict[str, str]]]]]) -> list[tuple[str, str]]:
    return [(s["start"], s["end"]) for s in data["_entities"][0]["availability"]]


async def test_availability_is_rules_minus_confirmed_bookings(store: Store) -> None:
    await store.replace_rules(TUTOR, BERLIN_RULES)

    def lesson(n: int, hour: int, status: BookingStatus) -> Booking:
        return Booking(
            id=f"booking-a{n}",
            tutor_id=TUTOR,
            student_id=STUDENT.user_id,
            start=datetime(2026, 12, 7, hour, tzinfo=UTC),
            end=datetime(2026, 12, 7, hour + 1, tzinfo=UTC),
            status=status,
            created_at=datetime(2026, 11, 1, tzinfo=UTC),
        )

    await store.load(
        [], [lesson(1, 9, BookingStatus.CONFIRMED), lesson(2, 8, BookingStatus.CANCELLED)]
    )
    variables = {"id": TUTOR, "from": "2026-12-07T00:00:00Z", "to": "2026-12-10T00:00:00Z"}
    result = await run(store, AVAILABILITY, variables)
    assert result.errors is None
    assert _slots(result.data) == [
        ("2026-12-07T08:00:00+00:00", "2026-12-07T09:00:00+00:00"),
        ("2026-12-07T10:00:00+00:00", "2026-12-07T11:00:00+00:00"),
        ("2026-12-09T13:00:00+00:00", "2026-12-09T17:00:00+00:00"),
    ]


async def test_availability_clips_to_window(store: Store) -> None:
    await store.replace_rules(TUTOR, BERLIN_RULES)
    variables = {"id": TUTOR, "from": "2026-12-07T08:30:00Z", "to": "2026-12-07T09:45:00+01:00"}
    result = await run(store, AVAILABILITY, variables)
    assert _slots(result.data) == [("2026-12-07T08:30:00+00:00", "2026-12-07T08:45:00+00:00")]


async def test_availability_of_tutor_without_rules_is_empty(store: Store) -> None:
    variables = {"id": "tutor-0099", "from": "2026-12-01T00:00:00Z", "to": "2026-12-31T00:00:00Z"}
    result = await run(store, AVAILABILITY, variables)
    assert result.errors is None
    assert _slots(result.data) == []


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2026-12-07T00:00:00Z", "2026-12-07T00:00:00Z"),
        ("2026-12-08T00:00:00Z", "2026-12-07T00:00:00Z"),
        ("2026-12-01T00:00:00Z", "2027-01-01T00:00:01Z"),
        ("2026-12-01T00:00:00", "2026-12-02T00:00:00Z"),
    ],
    ids=["empty", "reversed", "too-long", "naive"],
)
async def test_availability_rejects_bad_windows(store: Store, start: str, end: str) -> None:
    await store.replace_rules(TUTOR, BERLIN_RULES)
    result = await run(store, AVAILABILITY, {"id": TUTOR, "from": start, "to": end})
    assert codes(result) == ["BAD_USER_INPUT"]
    assert "31 days" in result.errors[0].message or "from" in result.errors[0].message


async def test_availability_rules_are_listed_in_weekday_order(store: Store) -> None:
    await store.replace_rules(TUTOR, tuple(reversed(BERLIN_RULES)))
    query = """{ _entities(representations: [{__typename: "Tutor", id: "tutor-0001"}]) {
      ... on Tutor { availabilityRules { weekday startTime endTime timezone } } } }"""
    result = await run(store, query)
    assert result.data["_entities"][0]["availabilityRules"] == [
        {
            "weekday": "MONDAY",
            "startTime": "09:00:00",
            "endTime": "12:00:00",
            "timezone": "Europe/Berlin",
        },
        {
            "weekday": "WEDNESDAY",
            "startTime": "14:00:00",
            "endTime": "18:00:00",
            "timezone": "Europe/Berlin",
        },
    ]
