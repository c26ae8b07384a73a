"""Argon2id hashing: salted, verifiable, and a decoy path for unknown accounts."""

from __future__ import annotations

from subgraphs.accounts.passwords import (
    hash_password,
    needs_rehash,
    verify_or_waste_time,
    verify_password,
)


async def test_hash_is_salted_argon2id_and_verifies() -> None:
    first, second = await hash_password("a long password"), await hash_password("a long password")
    assert first.startswith("$argon2id$")
    assert first != second
    assert await verify_password(first, "a long password")
    assert not await verify_password(first, "a long passwore")
    assert not needs_rehash(first)


async def test_verify_rejects_garbage_hash_instead_of_raising() -> None:
    assert not await verify_password("not a hash", "whatever password")


async def test_decoy_verification_never_succeeds() -> None:
    assert not await verify_or_waste_time(None, "decoy password that matches no account")
    good = await hash_password("right password")
    assert await verify_or_waste_time(good, "right password")
