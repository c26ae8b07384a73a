"""The store on its own: case-insensitive unique emails, batching, the statement counter."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import IntegrityError

from shared.errors import Conflict
from subgraphs.accounts.records import NewUser, RoleName
from subgraphs.accounts.store import AccountsStore


def _new(user_id: str, email: str) -> NewUser:
    return NewUser(
        id=user_id,
        email=email,
        display_name="Store Test",
        role=RoleName.STUDENT,
        timezone="UTC",
        password_hash="not-a-real-hash",
        created_at=datetime(2030, 1, 1, tzinfo=UTC),
    )


async def test_create_user_rejects_email_differing_only_in_case(store: AccountsStore) -> None:
    await store.create_user(_new("user-s1", "Same@Example.org"))
    with pytest.raises(Conflict) as caught:
        await store.create_user(_new("user-s2", "same@EXAMPLE.ORG"))
    assert caught.value.code == "CONFLICT"
    assert set(await store.users_by_ids(["user-s1", "user-s2"])) == {"user-s1"}


async def test_create_user_with_duplicate_id_is_not_reported_as_email_conflict(
    store: AccountsStore,
) -> None:
    # Only the email index means "taken"; any other integrity failure is a bug, not a Conflict.
    await store.create_user(_new("user-dup", "one@example.org"))
    with pytest.raises(IntegrityError) as caught:
        await store.create_user(_new("user-dup", "two@example.org"))
    assert not isinstance(caught.value, Conflict)


async def test_credentials_find_email_ignoring_case(store: AccountsStore) -> None:
    await store.create_user(_new("user-c1", "Case@Example.org"))
    found = await store.credentials("CASE@example.ORG")
    assert found is not None
    assert found.user.id == "user-c1"
    assert found.password_hash == "not-a-real-hash"
    assert await store.credentials("case@example.net") is None


async def test_users_by_ids_sends_one_statement_and_ignores_duplicates(
    store: AccountsStore,
) -> None:
    await store.count()
    before = store.statements
    found = await store.users_by_ids(["user-0001", "user-0001", "user-0999", "missing"])
    assert store.statements - before == 1
    assert set(found) == {"user-0001", "user-0999"}
    assert await store.users_by_ids([]) == {}
    assert store.statements - before == 1


async def test_users_by_ids_takes_more_ids_than_postgres_allows_parameters(
    store: AccountsStore,
) -> None:
    ids = [f"user-{n:04d}" for n in range(1, 1002)] + [f"ghost-{n}" for n in range(40_000)]
    before = store.statements
    found = await store.users_by_ids(ids)
    assert store.statements - before == 1
    assert len(found) == 1001


async def test_set_password_hash_changes_only_that_user(store: AccountsStore) -> None:
    await store.set_password_hash("user-0007", "new-hash")
    changed = await store.credentials((await store.users_by_ids(["user-0007"]))["user-0007"].email)
    other = await store.credentials((await store.users_by_ids(["user-0008"]))["user-0008"].email)
    assert changed is not None
    assert other is not None
    assert changed.password_hash == "new-hash"
    assert other.password_hash != "new-hash"


async def test_replace_all_with_nothing_empties_the_table(store: AccountsStore) -> None:
    assert await store.replace_all(()) == 0
    assert await store.count() == 0
    assert await store.page(after=None, limit=5) == []


async def test_created_at_round_trips_as_utc_aware(store: AccountsStore) -> None:
    new = replace(
        _new("user-t", "t@example.org"),
        created_at=datetime(2031, 5, 6, 7, 8, 9, 123456, tzinfo=UTC),
    )
    created = await store.create_user(new)
    assert created.created_at == new.created_at
    assert created.created_at.utcoffset() is not None
