"""The store against the local graph server: quoting, budgets, staging, indexes, reconnects."""

from __future__ import annotations

import pytest

from subgraphs.tutors.migrations import INDEXES
from subgraphs.tutors.model import ProfileChanges
from subgraphs.tutors.settings import Settings
from subgraphs.tutors.store import PARAMETER_BUDGET, ParameterBudgetExceeded, TutorStore

pytestmark = pytest.mark.stores

AWKWARD = ["it's", 'say "hi"', "back\\slash", "\\'", "x' RETURN 1 AS s //", "é€😀", "a\nb"]


@pytest.mark.parametrize("value", AWKWARD)
async def test_string_parameters_round_trip_unchanged(store: TutorStore, value: str) -> None:
    rows = await store._run("RETURN $value AS value, [$value] AS listed", value=value)
    assert rows == [{"value": value, "listed": [value]}]


async def test_oversized_parameters_are_refused_before_reaching_the_server(
    store: TutorStore,
) -> None:
    with pytest.raises(ParameterBudgetExceeded):
        await store._run("RETURN $value AS value", value="x" * PARAMETER_BUDGET)
    assert await store._run("RETURN 1 AS alive") == [{"alive": 1}]


async def test_lookups_of_many_ids_are_split_into_batches_that_fit(store: TutorStore) -> None:
    ids = [f"tutor-{n:04d}" for n in range(1, 401)]  # 13 bytes each: over one request's budget
    found = await store.tutors_by_id(ids)
    assert sorted(found) == ids[:200]
    assert store.queries == 2


async def test_long_multibyte_bio_is_staged_and_written_whole(store: TutorStore) -> None:
    bio = ("日本語の授業です。it's \\ 😀 " * 200)[:2000]
    assert len(bio.encode()) > PARAMETER_BUDGET
    await store.update_tutor("tutor-0001", ProfileChanges(bio=bio))
    found = await store.tutors_by_id(["tutor-0001"])
    assert found["tutor-0001"].bio == bio
    assert await store._run("MATCH (d:Draft) RETURN count(d) AS drafts") == [{"drafts": 0}]


async def test_migrate_is_idempotent_and_creates_every_index(store: TutorStore) -> None:
    await store.migrate()
    await store.migrate()
    assert set(INDEXES) <= await _indexes(store)


async def test_store_reconnects_after_close(store: TutorStore) -> None:
    # A polite close (GOODBYE) makes the local server stall the next client (see store.py).
    for _ in range(3):
        other = await TutorStore.open(Settings.from_env())
        assert await other._run("RETURN 1 AS one") == [{"one": 1}]
        await other.close()
    assert await store._run("RETURN 2 AS two") == [{"two": 2}]


async def test_quote_heavy_texts_are_measured_as_sent(store: TutorStore) -> None:
    # Escaping for the local server triples a quote; the budget must count that.
    bio = "'" * 1990 + "\\" * 10
    await store.update_tutor("tutor-0002", ProfileChanges(bio=bio, headline="'\\" * 60))
    found = await store.tutors_by_id(["tutor-0002"])
    assert (found["tutor-0002"].bio, found["tutor-0002"].headline) == (bio, "'\\" * 60)


async def test_quote_heavy_ids_are_batched_as_sent(store: TutorStore) -> None:
    ids = ["'" * 98 + str(n) for n in range(40)] + ["tutor-0003"]
    assert list(await store.subjects_by_id(ids)) == []
    assert list(await store.tutors_by_id(ids)) == ["tutor-0003"]


async def test_migrate_recreates_a_missing_index(store: TutorStore) -> None:
    await store._run("DROP INDEX ON :Draft(key)")
    assert ("Draft", "key") not in await _indexes(store)
    await store.migrate()
    assert ("Draft", "key") in await _indexes(store)


async def _indexes(store: TutorStore) -> set[tuple[str, str]]:
    rows = await store._run("CALL db.indexes()")
    return {(row["label"], prop) for row in rows for prop in row["properties"]}
