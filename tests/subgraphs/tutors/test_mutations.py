"""Profile mutations: who may call them, input validation, and nothing half written."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from shared.auth import Viewer
from subgraphs.tutors.seed import profiles
from subgraphs.tutors.store import TutorStore
from tests.subgraphs.tutors.helpers import (
    ADMIN,
    NEW_TUTOR,
    OTHER_TUTOR,
    OWNER,
    STUDENT,
    codes,
    data,
    run,
)

pytestmark = pytest.mark.stores

FIELDS = "id user { id } headline bio hourlyRate { amount currency } languages"
CREATE = f"""
mutation ($input: CreateTutorProfileInput!) {{ createTutorProfile(input: $input) {{ {FIELDS} }} }}
"""
UPDATE = f"""
mutation ($input: UpdateTutorProfileInput!) {{ updateTutorProfile(input: $input) {{ {FIELDS} }} }}
"""
SET_SUBJECTS = """
mutation ($tutorId: ID!, $subjects: [TutorSubjectInput!]!) {
  setTutorSubjects(tutorId: $tutorId, subjects: $subjects) { id subjects { level subject { id } } }
}
"""
READ = f"query ($id: ID!) {{ tutor(id: $id) {{ {FIELDS} subjects {{ level subject {{ id }} }} }} }}"
COUNT = "{ tutors(first: 0) { totalCount } }"


def _profile(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "headline": 'Maths without tears: it\'s "fun" \\ really',
        "bio": "I teach algebra and calculus.",
        "hourlyRate": {"amount": "42.50", "currency": "EUR"},
        "languages": ["en", "fr"],
    }
    return {**base, **changes}


async def _read(store: TutorStore, tutor_id: str) -> Any:
    return data(await run(store, READ, {"id": tutor_id}))["tutor"]


async def _count(store: TutorStore) -> int:
    total: int = data(await run(store, COUNT))["tutors"]["totalCount"]
    return total


async def test_tutor_creates_their_own_profile(store: TutorStore) -> None:
    created = data(await run(store, CREATE, {"input": _profile()}, viewer=NEW_TUTOR))
    expected = {
        "id": "tutor-5000",
        "user": {"id": "user-5000"},
        **_profile(),
    }
    assert created["createTutorProfile"] == expected
    assert await _read(store, "tutor-5000") == {**expected, "subjects": []}
    assert await _count(store) == 201


async def test_second_profile_for_a_user_is_a_conflict(store: TutorStore) -> None:
    data(await run(store, CREATE, {"input": _profile()}, viewer=NEW_TUTOR))
    again = await run(store, CREATE, {"input": _profile(headline="Other")}, viewer=NEW_TUTOR)
    assert codes(again) == ["CONFLICT"]
    seeded = await run(store, CREATE, {"input": _profile()}, viewer=OWNER)
    assert codes(seeded) == ["CONFLICT"]
    assert (await _read(store, "tutor-5000"))["headline"] == _profile()["headline"]
    assert await _count(store) == 201


@pytest.mark.parametrize(
    ("viewer", "code"), [(None, "UNAUTHENTICATED"), (STUDENT, "FORBIDDEN"), (ADMIN, "FORBIDDEN")]
)
async def test_only_signed_in_tutors_create_profiles(
    store: TutorStore, viewer: Viewer | None, code: str
) -> None:
    result = await run(store, CREATE, {"input": _profile()}, viewer=viewer)
    assert codes(result) == [code]
    assert await _count(store) == 200


BAD_PROFILES = [
    {"headline": "h" * 121},
    {"headline": "   "},
    {"headline": "bad\x00byte"},
    {"bio": "b" * 2001},
    {"hourlyRate": {"amount": 0, "currency": "EUR"}},
    {"hourlyRate": {"amount": -5, "currency": "EUR"}},
    {"hourlyRate": {"amount": 1000.01, "currency": "EUR"}},
    {"hourlyRate": {"amount": 10.005, "currency": "EUR"}},
    {"hourlyRate": {"amount": 10, "currency": "eur"}},
    {"hourlyRate": {"amount": 10, "currency": "XYZ"}},
    {"languages": []},
    {"languages": ["en", "english"]},
    {"languages": ["EN"]},
    {"languages": ["en", "en"]},
]


@pytest.mark.parametrize("bad", BAD_PROFILES)
async def test_create_rejects_bad_input_without_writing(
    store: TutorStore, bad: dict[str, Any]
) -> None:
    result = await run(store, CREATE, {"input": _profile(**bad)}, viewer=NEW_TUTOR)
    assert codes(result) == ["BAD_USER_INPUT"]
    assert result.data is None
    assert await _read(store, "tutor-5000") is None
    assert await _count(store) == 200


async def test_long_multibyte_texts_are_stored_exactly(store: TutorStore) -> None:
    bio = ("Ich unterrichte Mathematik \u2013 数学を教えます 😀 'quoted' \\ " * 60)[:2000]
    headline = "Ünïcödé 'headline' " * 6
    profile = _profile(bio=bio, headline=headline[:120])
    data(await run(store, CREATE, {"input": profile}, viewer=NEW_TUTOR))
    stored = await _read(store, "tutor-5000")
    assert (stored["bio"], stored["headline"]) == (bio, headline[:120])


@pytest.mark.parametrize("viewer", [OWNER, ADMIN])
async def test_owner_or_admin_updates_a_profile(store: TutorStore, viewer: Viewer) -> None:
    change = {"tutorId": "tutor-0001", "headline": "New headline", "languages": ["de"]}
    updated = data(await run(store, UPDATE, {"input": change}, viewer=viewer))
    seed_record = profiles()[0][0]
    assert updated["updateTutorProfile"]["headline"] == "New headline"
    assert updated["updateTutorProfile"]["languages"] == ["de"]
    # Fields left out keep their value.
    assert updated["updateTutorProfile"]["bio"] == seed_record.bio
    assert updated["updateTutorProfile"]["hourlyRate"]["amount"] == str(seed_record.rate_amount)
    assert (await _read(store, "tutor-0001"))["headline"] == "New headline"


async def test_update_changes_rate_and_currency_together(store: TutorStore) -> None:
    change = {"tutorId": "tutor-0001", "hourlyRate": {"amount": 999.99, "currency": "JPY"}}
    data(await run(store, UPDATE, {"input": change}, viewer=OWNER))
    # A JSON number is read exactly (through its shortest text); the answer is a decimal string.
    assert (await _read(store, "tutor-0001"))["hourlyRate"] == {
        "amount": "999.99",
        "currency": "JPY",
    }


@pytest.mark.parametrize(("sent", "stored"), [("45.5", "45.50"), (30, "30.00"), ("0.10", "0.10")])
async def test_rates_are_exact_decimals_with_two_places(
    store: TutorStore, sent: object, stored: str
) -> None:
    change = {"tutorId": "tutor-0001", "hourlyRate": {"amount": sent, "currency": "USD"}}
    data(await run(store, UPDATE, {"input": change}, viewer=OWNER))
    assert (await _read(store, "tutor-0001"))["hourlyRate"]["amount"] == stored


@pytest.mark.parametrize("sent", ["NaN", "Infinity", "ten", "", True, "0.001"])
async def test_a_rate_that_is_not_an_exact_amount_names_the_argument(
    store: TutorStore, sent: object
) -> None:
    change = {"tutorId": "tutor-0001", "hourlyRate": {"amount": sent, "currency": "USD"}}
    result = await run(store, UPDATE, {"input": change}, viewer=OWNER)
    assert result.errors is not None
    assert result.errors[0].extensions == {
        "code": "BAD_USER_INPUT",
        "argument": "input.hourlyRate.amount",
    }


@pytest.mark.parametrize(
    ("viewer", "tutor_id", "code"),
    [
        (None, "tutor-0001", "UNAUTHENTICATED"),
        (OTHER_TUTOR, "tutor-0001", "FORBIDDEN"),
        (STUDENT, "tutor-0001", "FORBIDDEN"),
        (OWNER, "tutor-9999", "BAD_USER_INPUT"),
    ],
)
async def test_update_refuses_strangers_and_unknown_tutors(
    store: TutorStore, viewer: Viewer | None, tutor_id: str, code: str
) -> None:
    change = {"tutorId": tutor_id, "headline": "Hijacked"}
    assert codes(await run(store, UPDATE, {"input": change}, viewer=viewer)) == [code]
    assert (await _read(store, "tutor-0001"))["headline"] == profiles()[0][0].headline


@pytest.mark.parametrize("bad", BAD_PROFILES)
async def test_update_rejects_bad_input_without_writing(
    store: TutorStore, bad: dict[str, Any]
) -> None:
    change = {"tutorId": "tutor-0001", "bio": "changed", **bad}
    result = await run(store, UPDATE, {"input": change}, viewer=OWNER)
    assert codes(result) == ["BAD_USER_INPUT"]
    assert (await _read(store, "tutor-0001"))["bio"] == profiles()[0][0].bio


async def test_set_subjects_replaces_the_list(store: TutorStore) -> None:
    wanted = [
        {"subjectId": "subject-piano", "level": "EXPERT"},
        {"subjectId": "subject-music-theory", "level": "BEGINNER"},
    ]
    result = data(
        await run(store, SET_SUBJECTS, {"tutorId": "tutor-0001", "subjects": wanted}, viewer=OWNER)
    )
    assert result["setTutorSubjects"]["subjects"] == [
        {"level": "EXPERT", "subject": {"id": "subject-piano"}},
        {"level": "BEGINNER", "subject": {"id": "subject-music-theory"}},
    ]
    assert (await _read(store, "tutor-0001"))["subjects"] == result["setTutorSubjects"]["subjects"]
    piano = '{ subject(id: "subject-piano") { tutors(first: 100) { edges { node { id } } } } }'
    teachers = data(await run(store, piano))["subject"]["tutors"]["edges"]
    assert {"node": {"id": "tutor-0001"}} in teachers


async def test_set_subjects_to_nothing_clears_them(store: TutorStore) -> None:
    variables = {"tutorId": "tutor-0001", "subjects": []}
    result = data(await run(store, SET_SUBJECTS, variables, viewer=ADMIN))
    assert result["setTutorSubjects"]["subjects"] == []


@pytest.mark.parametrize(
    ("subjects", "viewer", "code"),
    [
        ([{"subjectId": "subject-piano", "level": "EXPERT"}], None, "UNAUTHENTICATED"),
        ([{"subjectId": "subject-piano", "level": "EXPERT"}], OTHER_TUTOR, "FORBIDDEN"),
        (
            [
                {"subjectId": "subject-piano", "level": "EXPERT"},
                {"subjectId": "subject-alchemy", "level": "EXPERT"},
            ],
            OWNER,
            "BAD_USER_INPUT",
        ),
        (
            [
                {"subjectId": "subject-piano", "level": "EXPERT"},
                {"subjectId": "subject-piano", "level": "BEGINNER"},
            ],
            OWNER,
            "BAD_USER_INPUT",
        ),
        ([{"subjectId": "subject-piano", "level": "EXPERT"}] * 21, OWNER, "BAD_USER_INPUT"),
        ([{"subjectId": "s" * 101, "level": "EXPERT"}], OWNER, "BAD_USER_INPUT"),
    ],
)
async def test_set_subjects_refuses_without_touching_the_old_list(
    store: TutorStore, subjects: list[dict[str, str]], viewer: Viewer | None, code: str
) -> None:
    before = (await _read(store, "tutor-0001"))["subjects"]
    variables = {"tutorId": "tutor-0001", "subjects": subjects}
    assert codes(await run(store, SET_SUBJECTS, variables, viewer=viewer)) == [code]
    assert (await _read(store, "tutor-0001"))["subjects"] == before
    assert before


async def test_set_subjects_of_unknown_tutor_is_bad_user_input(store: TutorStore) -> None:
    variables = {"tutorId": "tutor-9999", "subjects": []}
    assert codes(await run(store, SET_SUBJECTS, variables, viewer=ADMIN)) == ["BAD_USER_INPUT"]


async def test_concurrent_creates_for_one_user_make_one_profile(store: TutorStore) -> None:
    results = await asyncio.gather(
        *(
            run(store, CREATE, {"input": _profile(headline=f"Attempt {n}")}, viewer=NEW_TUTOR)
            for n in range(6)
        )
    )
    outcomes = sorted(codes(r)[0] if r.errors else "OK" for r in results)
    assert outcomes == ["CONFLICT"] * 5 + ["OK"]
    assert await _count(store) == 201
