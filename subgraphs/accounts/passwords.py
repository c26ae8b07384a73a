"""Password hashing with Argon2id, off the event loop because it is deliberately slow."""

from __future__ import annotations

import asyncio
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

__all__ = ["hash_password", "needs_rehash", "verify_or_waste_time", "verify_password"]

# argon2-cffi's defaults are RFC 9106's low-memory profile (Argon2id, 64 MiB, t=3, p=4).
_HASHER = PasswordHasher()


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(_HASHER.hash, password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


async def verify_password(password_hash: str, password: str) -> bool:
    return await asyncio.to_thread(_verify, password_hash, password)


@cache
def _decoy_hash() -> str:
    return _HASHER.hash("decoy password that matches no account")


async def verify_or_waste_time(password_hash: str | None, password: str) -> bool:
    """Verify, or spend the same time on a decoy when there is no account.

    Answering "unknown email" faster than "wrong password" would tell an attacker which
    emails have accounts, which is what the shared error message is there to hide.
    """
    if password_hash is None:
        decoy = await asyncio.to_thread(_decoy_hash)
        await verify_password(decoy, password)
        return False
    return await verify_password(password_hash, password)


def needs_rehash(password_hash: str) -> bool:
    """Whether a stored hash was made with weaker parameters than today's."""
    try:
        return _HASHER.check_needs_rehash(password_hash)
    except InvalidHashError:
        return False
