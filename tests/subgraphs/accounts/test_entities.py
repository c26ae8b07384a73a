"""The User entity through `_entities`: batched into one SQL statement, in key order."""

from __future__ import annotations

from typing import Any

import pytest

from shared.seed import users
from subgraphs.accounts.store import AccountsStore
from tests.subgraphs.accounts.helpers import Run, codes, data

ENTITIES = """
query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on User { id displayName role timezone }
  }
}
"""


def _refs(*ids: str) -> dict[str, Any]:
    return {"representations": [{"__typename": "User", "id": i} for i in ids]}


async def test_entities_resolve_n_users_with_one_statement(run: Run, store: AccountsStore) -> None:
    ids = [u.id for u in users()[::10]]  # 101 users, tutors and students
    await store.count()  # the pool's first connection may send setup statements of its own
    before = store.statements
    entities = data(await run(ENTITIES, _refs(*ids)))["_entities"]
    assert store.statements - before == 1
    assert [e["id"] for e in entities] == ids
    by_id = {u.id: u for u in users()}
    assert all(e["displayName"] == by_id[e["id"]].display_name for e in entities)


async def test_entities_keep_key_order_and_null_missing_ids(run: Run, store: AccountsStore) -> None:
    await store.count()
    before = store.statements
    entities = data(await run(ENTITIES, _refs("user-0500", "user-nope", "user-0002", "user-0500")))[
        "_entities"
    ]
    assert store.statements - before == 1
    assert [e and e["id"] for e in entities] == ["user-0500", None, "user-0002", "user-0500"]


async def test_entity_representation_without_string_id_is_bad_user_input(run: Run) -> None:
    representations = [
        {"__typename": "User", "id": "user-0001"},
        {"__typename": "User"},
        {"__typename": "User", "id": 7},
    ]
    result = await run(ENTITIES, {"representations": representations})
    assert codes(result) == ["BAD_USER_INPUT", "BAD_USER_INPUT"]
    assert result.data is not None
    assert result.data["_entities"][0]["id"] == "user-0001"
    assert result.data["_entities"][1:] == [None, None]


async def test_user_and_entities_in_one_request_share_one_batch(
    run: Run, store: AccountsStore
) -> None:
    query = """
    query($representations: [_Any!]!) {
      user(id: "user-0003") { id }
      _entities(representations: $representations) { ... on User { id } }
    }
    """
    await store.count()
    before = store.statements
    result = data(await run(query, _refs("user-0004", "user-0003")))
    assert store.statements - before == 1
    assert result["user"] == {"id": "user-0003"}
    assert [e["id"] for e in result["_entities"]] == ["user-0004", "user-0003"]


async def test_entities_with_unstorable_ids_are_null_and_spare_the_batch(run: Run) -> None:
    # PostgreSQL text holds neither NUL nor lone surrogates: such ids match nothing, and the
    # valid ids batched with them still resolve.
    ids = ("user-0001", "user-\x00", "\ud800", "user-0002")
    entities = data(await run(ENTITIES, _refs(*ids)))["_entities"]
    assert [e and e["id"] for e in entities] == ["user-0001", None, None, "user-0002"]


@pytest.mark.parametrize(
    "representation", [{"id": "user-0001"}, {"__typename": "Nope", "id": "x"}, "user-0001"]
)
async def test_malformed_representation_is_bad_user_input(run: Run, representation: Any) -> None:
    # Refused by shared.subgraph before User.resolve_reference; the valid neighbour resolves.
    valid = {"__typename": "User", "id": "user-0001"}
    result = await run(ENTITIES, {"representations": [representation, valid]})
    assert codes(result) == ["BAD_USER_INPUT"]
    assert result.data is not None
    assert result.data["_entities"][0] is None
    assert result.data["_entities"][1]["id"] == "user-0001"
