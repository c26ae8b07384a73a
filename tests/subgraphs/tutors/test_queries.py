"""Root queries against the seeded graph, checked against the seed computed in Python."""

from __future__ import annotations

import pytest

from shared.subgraph.pagination import encode_cursor
from subgraphs.tutors.catalog import PREREQUISITES, RELATED, SUBJECTS
from subgraphs.tutors.seed import profiles
from subgraphs.tutors.store import TutorStore
from tests.subgraphs.tutors.helpers import codes, data, run

pytestmark = pytest.mark.stores

TUTOR = """
query ($id: ID!) {
  tutor(id: $id) {
    id user { id } headline bio hourlyRate { amount currency } languages
    subjects { level subject { id name category } }
  }
}
"""
PAGE = """
query ($filter: TutorFilter, $first: Int!, $after: String) {
  tutors(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } }
  }
}
"""


async def _walk(store: TutorStore, filter: dict[str, object] | None, first: int) -> list[str]:
    ids: list[str] = []
    after = None
    while True:
        page = data(await run(store, PAGE, {"filter": filter, "first": first, "after": after}))
        conn = page["tutors"]
        ids += [edge["node"]["id"] for edge in conn["edges"]]
        if not conn["pageInfo"]["hasNextPage"]:
            return ids
        after = conn["pageInfo"]["endCursor"]
        assert after == conn["edges"][-1]["cursor"]


async def test_tutor_returns_the_seeded_profile(store: TutorStore) -> None:
    record, teachings = profiles()[41]
    tutor = data(await run(store, TUTOR, {"id": record.id}))["tutor"]
    assert tutor["user"] == {"id": record.user_id}
    assert tutor["headline"] == record.headline
    assert tutor["bio"] == record.bio
    assert tutor["hourlyRate"] == {"amount": str(record.rate_amount), "currency": "USD"}
    assert tutor["languages"] == list(record.languages)
    taught = {(s["subject"]["id"], s["level"]) for s in tutor["subjects"]}
    assert taught == {(t.subject_id, t.level.name) for t in teachings}
    levels = [s["level"] for s in tutor["subjects"]]
    order = ["EXPERT", "ADVANCED", "INTERMEDIATE", "BEGINNER"]
    assert levels == sorted(levels, key=order.index)


@pytest.mark.parametrize("tutor_id", ["tutor-9999", "", "x" * 500, "it's"])
async def test_tutor_with_unknown_id_is_null(store: TutorStore, tutor_id: str) -> None:
    assert data(await run(store, TUTOR, {"id": tutor_id})) == {"tutor": None}


async def test_tutors_pages_walk_every_tutor_in_id_order(store: TutorStore) -> None:
    ids = await _walk(store, None, 37)
    assert ids == sorted(t.id for t, _ in profiles())
    first = data(await run(store, PAGE, {"first": 5}))["tutors"]
    assert first["totalCount"] == 200
    assert first["pageInfo"]["hasNextPage"] is True


@pytest.mark.parametrize(
    "filter",
    [
        {"subject": "subject-calculus"},
        {"language": "de"},
        {"maxRate": 40},
        {"subject": "subject-python", "language": "en", "maxRate": 90.5},
        {"subject": "subject-does-not-exist"},
    ],
)
async def test_tutors_filter_matches_the_seed(store: TutorStore, filter: dict[str, object]) -> None:
    expected = sorted(
        t.id
        for t, teachings in profiles()
        if ("subject" not in filter or filter["subject"] in {x.subject_id for x in teachings})
        and ("language" not in filter or filter["language"] in t.languages)
        and ("maxRate" not in filter or t.rate_amount <= float(str(filter["maxRate"])))
    )
    assert await _walk(store, filter, 20) == expected
    total = data(await run(store, PAGE, {"filter": filter, "first": 0}))["tutors"]
    assert total["totalCount"] == len(expected)
    assert total["edges"] == []


@pytest.mark.parametrize(
    "variables",
    [
        {"first": 101},
        {"first": -1},
        {"first": 5, "after": "not a cursor"},
        {"first": 5, "after": "dXNlcjp1c2VyLTAwMDE="},  # base64 of "user:user-0001"
        {"first": 5, "filter": {"language": "english"}},
        {"first": 5, "filter": {"maxRate": -3}},
        {"first": 5, "filter": {"subject": "s" * 101}},
    ],
)
async def test_tutors_bad_arguments_are_bad_user_input(
    store: TutorStore, variables: dict[str, object]
) -> None:
    result = await run(store, PAGE, variables)
    assert codes(result) == ["BAD_USER_INPUT"]
    assert result.data is None


async def test_subject_has_related_both_ways_and_its_prerequisites(store: TutorStore) -> None:
    query = """
    query ($id: ID!) {
      subject(id: $id) { id name category related { id } prerequisites { id } }
    }
    """
    for subject in SUBJECTS:
        got = data(await run(store, query, {"id": subject.id}))["subject"]
        related = {b for a, b in RELATED if a == subject.id} | {
            a for a, b in RELATED if b == subject.id
        }
        assert (got["name"], got["category"]) == (subject.name, subject.category)
        assert {s["id"] for s in got["related"]} == related
        assert {s["id"] for s in got["prerequisites"]} == {
            a for a, b in PREREQUISITES if b == subject.id
        }


async def test_subject_unknown_is_null(store: TutorStore) -> None:
    result = await run(store, '{ subject(id: "subject-alchemy") { id } }')
    assert data(result) == {"subject": None}


SUBJECT_PAGE = """
query ($first: Int!, $after: String) {
  subjects(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id name } }
  }
}
"""


async def test_subjects_pages_through_all_fifty_by_name(store: TutorStore) -> None:
    names: list[str] = []
    after: str | None = None
    pages = 0
    while True:
        variables = {"first": 20, "after": after}
        got = data(await run(store, SUBJECT_PAGE, variables))["subjects"]
        pages += 1
        assert got["totalCount"] == 50
        info = got["pageInfo"]
        assert info["hasPreviousPage"] is (after is not None)
        assert info["startCursor"] == got["edges"][0]["cursor"]
        assert info["endCursor"] == got["edges"][-1]["cursor"]
        names += [e["node"]["name"] for e in got["edges"]]
        if not info["hasNextPage"]:
            break
        after = info["endCursor"]
    assert pages == 3
    assert names == sorted(s.name for s in SUBJECTS)


async def test_subjects_refuses_a_tutor_cursor(store: TutorStore) -> None:
    result = await run(store, SUBJECT_PAGE, {"first": 5, "after": encode_cursor("tutor", "x")})
    assert result.errors is not None
    assert (result.errors[0].extensions or {})["argument"] == "after"
    assert (result.errors[0].extensions or {})["code"] == "BAD_USER_INPUT"


async def test_subject_tutors_is_a_connection_of_its_teachers(store: TutorStore) -> None:
    query = """
    query ($after: String) {
      subject(id: "subject-piano") {
        tutors(first: 2, after: $after) {
          totalCount pageInfo { hasNextPage endCursor } edges { node { id } }
        }
      }
    }
    """
    expected = sorted(t.id for t, x in profiles() if "subject-piano" in {y.subject_id for y in x})
    assert len(expected) > 2
    ids: list[str] = []
    after = None
    while True:
        conn = data(await run(store, query, {"after": after}))["subject"]["tutors"]
        assert conn["totalCount"] == len(expected)
        ids += [e["node"]["id"] for e in conn["edges"]]
        if not conn["pageInfo"]["hasNextPage"]:
            break
        after = conn["pageInfo"]["endCursor"]
    assert ids == expected
