"""`_entities` resolves Tutor and Subject references through loaders: one query for N ids."""

from __future__ import annotations

from typing import Any

import pytest

from subgraphs.tutors.cursors import tutor_cursor
from subgraphs.tutors.seed import profiles
from subgraphs.tutors.store import TutorStore
from tests.subgraphs.tutors.helpers import codes, data, run

pytestmark = pytest.mark.stores

ENTITIES = """
query ($representations: [_Any!]!) {
  _entities(representations: $representations) {
    __typename
    ... on Tutor { id headline user { id } }
    ... on Subject { id name }
  }
}
"""


async def test_n_tutor_representations_cost_one_store_query(store: TutorStore) -> None:
    wanted = [t for t, _ in profiles()[:60]]
    reps = [{"__typename": "Tutor", "id": t.id} for t in reversed(wanted)]
    result = data(await run(store, ENTITIES, {"representations": reps}))
    assert store.queries == 1
    assert [e["id"] for e in result["_entities"]] == [t.id for t in reversed(wanted)]
    assert result["_entities"][0] == {
        "__typename": "Tutor",
        "id": wanted[-1].id,
        "headline": wanted[-1].headline,
        "user": {"id": wanted[-1].user_id},
    }


async def test_mixed_representations_cost_one_query_per_type(store: TutorStore) -> None:
    reps: list[dict[str, Any]] = [
        {"__typename": "Subject", "id": "subject-piano"},
        {"__typename": "Tutor", "id": "tutor-0003"},
        {"__typename": "Subject", "id": "subject-latin"},
        {"__typename": "Tutor", "id": "tutor-0003"},
        {"__typename": "Tutor", "id": "tutor-0150"},
    ]
    result = data(await run(store, ENTITIES, {"representations": reps}))
    assert store.queries == 2
    assert [e["id"] for e in result["_entities"]] == [r["id"] for r in reps]
    assert result["_entities"][0]["name"] == "Piano"


async def test_unknown_ids_resolve_to_null(store: TutorStore) -> None:
    reps = [
        {"__typename": "Tutor", "id": "tutor-9999"},
        {"__typename": "Subject", "id": "subject-alchemy"},
        {"__typename": "Tutor", "id": "tutor-0001", "extra": {"ignored": True}},
    ]
    result = data(await run(store, ENTITIES, {"representations": reps}))
    assert result["_entities"][:2] == [None, None]
    assert result["_entities"][2]["id"] == "tutor-0001"


async def test_subject_fields_of_many_tutors_are_batched(store: TutorStore) -> None:
    query = """
    query ($representations: [_Any!]!) {
      _entities(representations: $representations) {
        ... on Tutor { subjects { level subject { name related { id } prerequisites { id } } } }
      }
    }
    """
    reps = [{"__typename": "Tutor", "id": t.id} for t, _ in profiles()[:50]]
    data(await run(store, query, {"representations": reps}))
    # tutors, their TEACHES edges with the subjects, related, prerequisites: one query each.
    assert store.queries == 4


async def test_the_teachers_of_many_subjects_cost_one_query(store: TutorStore) -> None:
    query = """
    query ($representations: [_Any!]!, $after: String) {
      _entities(representations: $representations) {
        ... on Subject {
          id
          tutors(first: 2, after: $after) {
            totalCount pageInfo { hasNextPage } edges { node { id } }
          }
        }
      }
    }
    """
    subjects = ["subject-piano", "subject-latin", "subject-python", "subject-alchemy"]
    teachers = {
        s: sorted(t.id for t, x in profiles() if s in {y.subject_id for y in x}) for s in subjects
    }
    reps = [{"__typename": "Subject", "id": s} for s in subjects]
    for after in (None, "tutor-0100"):
        store.queries = 0
        variables = {
            "representations": reps,
            "after": None if after is None else tutor_cursor(after),
        }
        result = data(await run(store, query, variables))
        # the subjects, then every subject's page of teachers: one query each.
        assert store.queries == 2
        for entity in result["_entities"][:3]:
            later = [t for t in teachers[entity["id"]] if after is None or t > after]
            assert entity["tutors"]["totalCount"] == len(teachers[entity["id"]]) > 2
            assert [e["node"]["id"] for e in entity["tutors"]["edges"]] == later[:2]
            assert entity["tutors"]["pageInfo"]["hasNextPage"] is (len(later) > 2)
    assert result["_entities"][3] is None


@pytest.mark.parametrize(
    "representation",
    [
        {"__typename": "Tutor"},
        {"id": "tutor-0001"},
        {"__typename": "Nope", "id": "tutor-0001"},
        {"__typename": "Money", "id": "x"},
        {"__typename": "Tutor", "id": None},
        {"__typename": "Tutor", "id": ["tutor-0001"]},
        {"__typename": "Tutor", "id": True},
        "tutor-0001",
        7,
    ],
)
async def test_malformed_representations_are_bad_user_input(
    store: TutorStore, representation: Any
) -> None:
    result = await run(store, ENTITIES, {"representations": [representation]})
    assert codes(result) == ["BAD_USER_INPUT"]
