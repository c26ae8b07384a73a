"""signUp and signIn: tokens, validation codes, conflicts and no user enumeration."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from argon2 import PasswordHasher

from shared.auth import verify_token
from shared.seed import SEED_PASSWORD, users
from subgraphs.accounts.settings import Settings
from subgraphs.accounts.store import AccountsStore
from tests.subgraphs.accounts.helpers import SIGN_IN, SIGN_UP, Run, codes, data, sign_up_input


async def test_sign_up_creates_user_and_returns_valid_token(
    run: Run, store: AccountsStore, settings: Settings
) -> None:
    before = datetime.now(UTC)
    payload = data(await run(SIGN_UP, sign_up_input(role="TUTOR")))["signUp"]
    user = payload["user"]
    assert user["email"] == "new.person@example.org"
    assert user["displayName"] == "New Person"
    assert user["role"] == "TUTOR"
    assert user["timezone"] == "Europe/Berlin"
    assert user["id"].startswith("user-")
    created = datetime.fromisoformat(user["createdAt"])
    assert created.utcoffset() == timedelta(0)
    assert before - timedelta(seconds=5) <= created
    viewer = verify_token(payload["token"], settings.jwt_secret)
    assert viewer is not None
    assert (viewer.user_id, viewer.role) == (user["id"], "TUTOR")
    claims = jwt.decode(payload["token"], options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] == settings.token_ttl_seconds
    assert (await store.users_by_ids([user["id"]]))[user["id"]].display_name == "New Person"


async def test_sign_up_defaults_role_to_student(run: Run) -> None:
    payload = data(await run(SIGN_UP, sign_up_input()))["signUp"]
    assert payload["user"]["role"] == "STUDENT"


async def test_sign_up_normalises_display_name_and_email_domain(run: Run) -> None:
    given = sign_up_input(email="Mixed.Case@EXAMPLE.org", displayName="  Ada   Lovelace ")
    user = data(await run(SIGN_UP, given))["signUp"]["user"]
    assert user["displayName"] == "Ada Lovelace"
    assert user["email"] == "Mixed.Case@example.org"


@pytest.mark.parametrize(
    ("field", "value", "expected_field"),
    [
        ("email", "not-an-email", "email"),
        ("email", "", "email"),
        ("email", "a@localhost", "email"),
        ("password", "short", "password"),
        ("password", "x" * 257, "password"),
        ("password", "lone surrogate \ud800", "password"),
        ("displayName", "   ", "displayName"),
        ("displayName", "x" * 81, "displayName"),
        ("displayName", "bell\x07name", "displayName"),
        ("timezone", "Mars/Olympus_Mons", "timezone"),
        ("timezone", "localtime", "timezone"),
        ("timezone", "../../etc/passwd", "timezone"),
        ("role", "ADMIN", "role"),
    ],
)
async def test_sign_up_rejects_bad_input_and_writes_nothing(
    run: Run, store: AccountsStore, field: str, value: str, expected_field: str
) -> None:
    count = await store.count()
    result = await run(SIGN_UP, sign_up_input(**{field: value}))
    assert codes(result) == ["BAD_USER_INPUT"]
    assert result.errors is not None
    assert (result.errors[0].extensions or {})["field"] == expected_field
    assert result.data is None
    assert await store.count() == count


async def test_sign_up_accepts_password_of_exactly_ten_characters(run: Run) -> None:
    assert data(await run(SIGN_UP, sign_up_input(password="0123456789")))["signUp"]["token"]


async def test_sign_up_rejects_unknown_role_as_validation_error(run: Run) -> None:
    # Not a Role value at all: graphql-core refuses the variable before any resolver runs.
    result = await run(SIGN_UP, sign_up_input(role="OWNER"))
    assert codes(result) == ["GRAPHQL_VALIDATION_FAILED"]


async def test_sign_up_with_taken_email_in_other_case_is_conflict(
    run: Run, store: AccountsStore
) -> None:
    seeded = users()[0].email
    count = await store.count()
    result = await run(
        SIGN_UP, sign_up_input(email=seeded.upper().replace("EXAMPLE.COM", "example.com"))
    )
    assert codes(result) == ["CONFLICT"]
    assert await store.count() == count


async def test_concurrent_sign_ups_with_one_email_let_exactly_one_win(
    run: Run, store: AccountsStore
) -> None:
    count = await store.count()
    results = await asyncio.gather(
        *(
            run(SIGN_UP, sign_up_input(email="Race@Example.org", displayName=f"R{i}"))
            for i in range(4)
        )
    )
    outcomes = sorted("ok" if r.errors is None else codes(r)[0] for r in results)
    assert outcomes == ["CONFLICT", "CONFLICT", "CONFLICT", "ok"]
    assert await store.count() == count + 1


async def test_sign_in_with_seed_password_returns_token_for_that_user(
    run: Run, settings: Settings
) -> None:
    seeded = users()[4]
    payload = data(await run(SIGN_IN, {"email": seeded.email, "password": SEED_PASSWORD}))
    user = payload["signIn"]["user"]
    assert user == {"id": seeded.id, "email": seeded.email, "role": seeded.role}
    viewer = verify_token(payload["signIn"]["token"], settings.jwt_secret)
    assert viewer is not None
    assert viewer.user_id == seeded.id


async def test_sign_in_ignores_email_case_and_outer_spaces(run: Run) -> None:
    seeded = users()[300]
    variables = {"email": f"  {seeded.email.upper()} ", "password": SEED_PASSWORD}
    assert data(await run(SIGN_IN, variables))["signIn"]["user"]["id"] == seeded.id


async def test_sign_in_after_sign_up_works_with_the_new_password(run: Run) -> None:
    created = data(await run(SIGN_UP, sign_up_input()))["signUp"]["user"]
    variables = {"email": "new.person@example.org", "password": "correct horse battery"}
    assert data(await run(SIGN_IN, variables))["signIn"]["user"]["id"] == created["id"]


async def test_sign_in_wrong_password_and_unknown_email_fail_identically(run: Run) -> None:
    wrong = await run(SIGN_IN, {"email": users()[0].email, "password": "not the password"})
    unknown = await run(SIGN_IN, {"email": "nobody@example.org", "password": SEED_PASSWORD})
    malformed = await run(SIGN_IN, {"email": "", "password": ""})
    nul = await run(SIGN_IN, {"email": "a\x00@example.org", "password": SEED_PASSWORD})
    surrogate_email = await run(SIGN_IN, {"email": "\ud800@example.org", "password": "x" * 12})
    surrogate_password = await run(SIGN_IN, {"email": users()[0].email, "password": "\udfff" * 12})
    failures = (wrong, unknown, malformed, nul, surrogate_email, surrogate_password)
    for result in failures:
        assert codes(result) == ["UNAUTHENTICATED"]
        assert result.data is None
    messages = {r.errors[0].message for r in failures if r.errors}
    assert messages == {"invalid email or password"}


async def test_sign_in_upgrades_a_hash_made_with_weaker_parameters(
    run: Run, store: AccountsStore
) -> None:
    seeded = users()[42]
    weak = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(SEED_PASSWORD)
    await store.set_password_hash(seeded.id, weak)
    data(await run(SIGN_IN, {"email": seeded.email, "password": SEED_PASSWORD}))
    credentials = await store.credentials(seeded.email)
    assert credentials is not None
    assert credentials.password_hash != weak
    assert "m=65536" in credentials.password_hash
    # And the upgraded hash still opens the account.
    data(await run(SIGN_IN, {"email": seeded.email, "password": SEED_PASSWORD}))
