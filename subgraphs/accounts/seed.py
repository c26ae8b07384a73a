"""The accounts seed: every user of `shared.seed.users()`, loaded from scratch in bulk."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from shared.seed import SEED_PASSWORD, SeedUser, rng, users
from subgraphs.accounts.passwords import hash_password
from subgraphs.accounts.records import NewUser, RoleName
from subgraphs.accounts.store import AccountsStore

__all__ = ["SIGNUP_START", "seed", "seed_users"]

# Seeded accounts signed up over the year before the seeded lessons start (shared.seed.ANCHOR).
SIGNUP_START = datetime(2025, 11, 1, 9, 0, tzinfo=UTC)
_STEP = timedelta(hours=8)


def seed_users(password_hash: str) -> tuple[NewUser, ...]:
    """One NewUser per seed user; sign-up times rise with the user number, minutes jittered."""
    jitter = rng("accounts.created_at")
    return tuple(
        _new_user(u, n, password_hash, jitter.randrange(0, 7 * 60)) for n, u in enumerate(users())
    )


def _new_user(user: SeedUser, n: int, password_hash: str, jitter_minutes: int) -> NewUser:
    return NewUser(
        id=user.id,
        email=user.email,
        display_name=user.display_name,
        role=RoleName(user.role),
        timezone=user.timezone,
        password_hash=password_hash,
        created_at=SIGNUP_START + n * _STEP + timedelta(minutes=jitter_minutes, seconds=n % 60),
    )


async def seed(store: AccountsStore) -> int:
    """Migrate, wipe the users table and load the seed users; returns how many were loaded."""
    await store.migrate()
    # Argon2 is slow on purpose: hash the shared demo password once, not 1001 times.
    password_hash = await hash_password(SEED_PASSWORD)
    return await store.replace_all(seed_users(password_hash))
