"""setAvailability: the tutor's own user or an admin replaces the weekly rules."""

from __future__ import annotations

from typing import Any

import pytest

from shared.auth import Viewer
from subgraphs.scheduling.store import Store
from tests.subgraphs.scheduling.helpers import (
    ADMIN,
    BERLIN_RULES,
    STUDENT,
    TUTOR,
    TUTOR_USER,
    codes,
    run,
)

pytestmark = pytest.mark.stores

SET = """
mutation($tutorId: ID!, $rules: [AvailabilityRuleInput!]!) {
  setAvailability(tutorId: $tutorId, rules: $rules) {
    id
    availabilityRules { weekday startTime endTime timezone }
    availability(from: "2026-12-07T00:00:00Z", to: "2026-12-08T00:00:00Z") { start end }
  }
}
"""

NEW_RULES: list[dict[str, Any]] = [
    {"weekday": "TUESDAY", "startTime": "18:00", "endTime": "00:00", "timezone": "Asia/Tokyo"},
    {"weekday": "MONDAY", "startTime": "10:00", "endTime": "12:30", "timezone": "Asia/Tokyo"},
]


@pytest.mark.parametrize("viewer", [TUTOR_USER, ADMIN], ids=["owner", "admin"])
async def test_set_availability_replaces_rules(store: Store, viewer: Viewer) -> None:
    await store.replace_rules(TUTOR, BERLIN_RULES)
    result = await run(store, SET, {"tutorId": TUTOR, "rules": NEW_RULES}, viewer=viewer)
    assert result.errors is None
    tutor = result.data["setAvailability"]
    assert tutor["availabilityRules"] == [
        {
            "weekday": "MONDAY",
            "startTime": "10:00:00",
            "endTime": "12:30:00",
            "timezone": "Asia/Tokyo",
        },
        {
            "weekday": "TUESDAY",
            "startTime": "18:00:00",
            "endTime": "00:00:00",
            "timezone": "Asia/Tokyo",
        },
    ]
    # Monday 2026-12-07 10:00-12:30 JST is 01:00-03:30Z; Tuesday 18:00 JST is 09:00Z Tuesday.
    assert tutor["availability"] == [
        {"start": "2026-12-07T01:00:00+00:00", "end": "2026-12-07T03:30:00+00:00"}
    ]
    stored = (await store.rules_for([TUTOR]))[TUTOR]
    assert {r.timezone for r in stored} == {"Asia/Tokyo"}


async def test_set_availability_with_no_rules_clears_them(store: Store) -> None:
    await store.replace_rules(TUTOR, BERLIN_RULES)
    result = await run(store, SET, {"tutorId": TUTOR, "rules": []}, viewer=TUTOR_USER)
    assert result.errors is None
    assert (await store.rules_for([TUTOR]))[TUTOR] == ()


async def test_set_availability_for_someone_else_is_forbidden(store: Store) -> None:
    await store.replace_rules(TUTOR, BERLIN_RULES)
    result = await run(store, SET, {"tutorId": TUTOR, "rules": NEW_RULES}, viewer=STUDENT)
    assert codes(result) == ["FORBIDDEN"]
    assert (await store.rules_for([TUTOR]))[TUTOR] == BERLIN_RULES


async def test_set_availability_requires_sign_in(store: Store) -> None:
    result = await run(store, SET, {"tutorId": TUTOR, "rules": NEW_RULES})
    assert codes(result) == ["UNAUTHENTICATED"]


@pytest.mark.parametrize(
    "bad",
    [
        {"weekday": "MONDAY", "startTime": "09:00", "endTime": "12:00", "timezone": "Nowhere/City"},
        {"weekday": "MONDAY", "startTime": "09:07", "endTime": "12:00", "timezone": "UTC"},
        {"weekday": "MONDAY", "startTime": "12:00", "endTime": "09:00", "timezone": "UTC"},
        {"weekday": "MONDAY", "startTime": "11:00", "endTime": "13:00", "timezone": "Asia/Tokyo"},
    ],
    ids=["zone", "grid", "order", "overlap"],
)
async def test_set_availability_rejects_bad_rules_and_keeps_old_ones(
    store: Store, bad: dict[str, Any]
) -> None:
    await store.replace_rules(TUTOR, BERLIN_RULES)
    result = await run(
        store, SET, {"tutorId": TUTOR, "rules": [*NEW_RULES, bad]}, viewer=TUTOR_USER
    )
    assert codes(result) == ["BAD_USER_INPUT"]
    assert result.errors[0].extensions["argument"].startswith("rules")
    assert result.errors[0].message.startswith(result.errors[0].extensions["argument"])
    assert (await store.rules_for([TUTOR]))[TUTOR] == BERLIN_RULES


async def test_set_availability_rejects_non_tutor_id(store: Store) -> None:
    result = await run(store, SET, {"tutorId": "subject-math", "rules": []}, viewer=ADMIN)
    assert codes(result) == ["BAD_USER_INPUT"]
    assert result.errors[0].extensions == {"code": "BAD_USER_INPUT", "argument": "tutorId"}
