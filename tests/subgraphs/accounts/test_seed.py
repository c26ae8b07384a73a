"""The seed: every shared seed user, deterministic times, one password hash, fast bulk load."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import text

from shared.seed import ANCHOR, SEED_PASSWORD, users
from subgraphs.accounts.passwords import verify_password
from subgraphs.accounts.records import RoleName
from subgraphs.accounts.seed import seed, seed_users
from subgraphs.accounts.store import AccountsStore


def test_seed_users_match_the_shared_universe() -> None:
    seeded = seed_users("hash")
    assert [(s.id, s.email, s.display_name, s.role.value, s.timezone) for s in seeded] == [
        (u.id, u.email, u.display_name, u.role, u.timezone) for u in users()
    ]
    assert len(seeded) == 1001
    assert [s.role for s in seeded].count(RoleName.ADMIN) == 1


def test_seed_users_are_deterministic_with_rising_distinct_times_before_anchor() -> None:
    first, again = seed_users("h"), seed_users("h")
    assert first == again
    times = [s.created_at for s in first]
    assert times == sorted(times)
    assert len(set(times)) == len(times)
    assert times[-1] < ANCHOR
    assert all(t.utcoffset() is not None for t in times)


async def test_seed_replaces_everything_with_one_shared_hash(store: AccountsStore) -> None:
    extra = replace(seed_users("x")[0], id="user-extra", email="extra@example.org")
    await store.create_user(extra)
    before = store.statements
    assert await seed(store) == 1001
    # One migration check, one truncate, a handful of multi-row inserts: not one per user.
    assert store.statements - before < 20
    assert await store.count() == 1001
    assert await store.users_by_ids(["user-extra"]) == {}
    async with store.engine.connect() as conn:
        hashes = (await conn.execute(text("SELECT DISTINCT password_hash FROM users"))).all()
    assert len(hashes) == 1
    assert await verify_password(hashes[0][0], SEED_PASSWORD)
