"""`_entities`: every representation resolves, and N of them cost a constant number of queries."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from subgraphs.scheduling.model import Booking, BookingStatus, Rule, Weekday
from subgraphs.scheduling.store import Store
from tests.subgraphs.scheduling.helpers import ADMIN, codes, run

pytestmark = pytest.mark.stores

N = 12
START = datetime(2026, 12, 7, 9, tzinfo=UTC)


@pytest.fixture
async def many(store: Store) -> Store:
    rules = [
        Rule(
            tutor_id=f"tutor-{n:04d}",
            weekday=Weekday.MONDAY,
            start=time(9),
            end=time(12),
            timezone="UTC",
        )
        for n in range(1, N + 1)
    ]
    bookings = [
        Booking(
            id=f"booking-{n:04d}",
            tutor_id=f"tutor-{n:04d}",
            student_id=f"user-{300 + n:04d}",
            start=START,
            end=START + timedelta(minutes=30 * n if n <= 6 else 30),
            status=BookingStatus.CONFIRMED,
            created_at=START - timedelta(days=3),
        )
        for n in range(1, N + 1)
    ]
    await store.load(rules, bookings)
    store.query_count = 0
    return store


def _reps(typename: str, ids: list[str]) -> str:
    return ", ".join(f'{{__typename: "{typename}", id: "{i}"}}' for i in ids)


async def test_n_booking_representations_cost_one_query(many: Store) -> None:
    ids = [f"booking-{n:04d}" for n in range(1, N + 1)] + ["booking-missing"]
    query = f"""{{ _entities(representations: [{_reps("Booking", ids)}]) {{
        ... on Booking {{ id start student {{ id }} tutor {{ id }} }} }} }}"""
    result = await run(many, query)
    assert result.errors is None
    entities = result.data["_entities"]
    assert [e["id"] for e in entities[:-1]] == ids[:-1]
    assert entities[-1] is None
    assert entities[4]["student"] == {"id": "user-0305"}
    assert many.query_count == 1


async def test_n_tutor_availabilities_cost_two_queries(many: Store) -> None:
    ids = [f"tutor-{n:04d}" for n in range(1, N + 1)]
    query = f"""{{ _entities(representations: [{_reps("Tutor", ids)}]) {{
        ... on Tutor {{ id availabilityRules {{ weekday }}
          availability(from: "2026-12-07T00:00:00Z", to: "2026-12-08T00:00:00Z") {{ start end }}
        }} }} }}"""
    result = await run(many, query)
    assert result.errors is None
    entities = result.data["_entities"]
    # tutor-0001 is booked 09:00-09:30: free 09:30-12:00; tutor-0006 09:00-12:00: nothing.
    assert entities[0]["availability"] == [
        {"start": "2026-12-07T09:30:00+00:00", "end": "2026-12-07T12:00:00+00:00"}
    ]
    assert entities[5]["availability"] == []
    assert all(e["availabilityRules"] == [{"weekday": "MONDAY"}] for e in entities)
    # One query for all tutors' rules, one for all their bookings in the window.
    assert many.query_count == 2


async def test_n_user_bookings_cost_one_query(many: Store) -> None:
    ids = [f"user-{300 + n:04d}" for n in range(1, N + 1)]
    query = f"""{{ _entities(representations: [{_reps("User", ids)}]) {{
        ... on User {{ id bookings(status: CONFIRMED) {{ edges {{ node {{ id }} }} }} }} }} }}"""
    result = await run(many, query, viewer=ADMIN)
    assert result.errors is None
    assert [e["bookings"]["edges"] for e in result.data["_entities"]] == [
        [{"node": {"id": f"booking-{n:04d}"}}] for n in range(1, N + 1)
    ]
    assert many.query_count == 1


@pytest.mark.parametrize(
    "bad",
    [
        '{__typename: "Tutor"}',
        '{__typename: "Review", id: "review-1"}',
        '{id: "tutor-0001"}',
        '"tutor-0001"',
        '{__typename: "Booking", id: true}',
    ],
    ids=["no-id", "foreign-type", "no-typename", "not-object", "boolean-id"],
)
async def test_malformed_representation_is_bad_user_input_at_its_index(
    many: Store, bad: str
) -> None:
    query = f"""{{ _entities(representations: [{{__typename: "Booking", id: "booking-0001"}},
      {bad}]) {{ ... on Booking {{ id }} }} }}"""
    result = await run(many, query)
    assert codes(result) == ["BAD_USER_INPUT"]
    assert result.errors[0].path == ["_entities", 1]
    assert result.data == {"_entities": [{"id": "booking-0001"}, None]}


async def test_fields_beyond_the_key_are_ignored(many: Store) -> None:
    query = """{ _entities(representations: [
      {__typename: "Booking", id: "booking-0001", tutor: {id: "x"}}]) { ... on Booking { id } } }"""
    result = await run(many, query)
    assert result.errors is None
    assert result.data == {"_entities": [{"id": "booking-0001"}]}


async def test_ids_postgres_cannot_hold_match_nothing(many: Store) -> None:
    result = await run(
        many,
        "query($id: ID!) { booking(id: $id) { id } }",
        {"id": "booking-\x00\ud800"},
        viewer=ADMIN,
    )
    assert result.errors is None
    assert result.data == {"booking": None}


async def test_different_windows_in_one_call_still_cost_two_queries(many: Store) -> None:
    ids = [f"tutor-{n:04d}" for n in range(1, N + 1)]
    query = f"""{{ _entities(representations: [{_reps("Tutor", ids)}]) {{
        ... on Tutor {{
          day: availability(from: "2026-12-07T00:00:00Z", to: "2026-12-08T00:00:00Z") {{ start }}
          week: availability(from: "2026-12-01T00:00:00Z", to: "2026-12-15T00:00:00Z") {{ start }}
        }} }} }}"""
    result = await run(many, query)
    assert result.errors is None
    first = result.data["_entities"][0]
    assert first["day"] == [{"start": "2026-12-07T09:30:00+00:00"}]
    # The week also holds Monday 2026-12-14, free all morning.
    assert first["week"] == [
        {"start": "2026-12-07T09:30:00+00:00"},
        {"start": "2026-12-14T09:00:00+00:00"},
    ]
    assert many.query_count == 2


async def test_user_bookings_as_student_and_as_tutor_in_one_call(many: Store) -> None:
    # user-0001 gives booking-0001 (as tutor-0001); user-0301 took it as a student.
    query = f"""{{ _entities(representations: [{_reps("User", ["user-0001", "user-0301"])}]) {{
        ... on User {{ id bookings {{ edges {{ node {{ id }} }} }} }} }} }}"""
    result = await run(many, query, viewer=ADMIN)
    assert result.errors is None
    assert result.data["_entities"] == [
        {"id": "user-0001", "bookings": {"edges": [{"node": {"id": "booking-0001"}}]}},
        {"id": "user-0301", "bookings": {"edges": [{"node": {"id": "booking-0001"}}]}},
    ]
    assert many.query_count == 1
