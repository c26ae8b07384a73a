"""signUp, confirmSignUp and signIn: tokens, validation codes, conflicts, and no way to learn
whether an address has an account (sign-up answers alike and mails only the address)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt
import pytest
from argon2 import PasswordHasher
from sqlalchemy import text

from shared.auth import verify_token
from shared.seed import SEED_PASSWORD, users
from subgraphs.accounts.settings import Settings
from subgraphs.accounts.store import AccountsStore
from tests.subgraphs.accounts.helpers import (
    CONFIRM,
    SIGN_IN,
    SIGN_UP,
    Run,
    codes,
    data,
    mailed_token,
    mails,
    sign_up_input,
    signed_up,
)


async def test_sign_up_then_confirm_creates_user_and_returns_valid_token(
    run: Run, store: AccountsStore, settings: Settings, mailbox: Path
) -> None:
    before = datetime.now(UTC)
    count = await store.count()
    answer = data(await run(SIGN_UP, sign_up_input(role="TUTOR")))["signUp"]
    assert answer["email"] == "new.person@example.org"
    assert await store.count() == count, "no account before the address is confirmed"
    [mail] = mails(mailbox)
    assert mail["To"] == "new.person@example.org"
    assert mail["Subject"] == "Confirm your tutorgraph account"
    payload = data(await run(CONFIRM, {"token": mailed_token(mail)}))["confirmSignUp"]
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


async def test_sign_up_for_a_taken_address_answers_as_for_a_new_one_and_mails_the_owner(
    run: Run, store: AccountsStore, mailbox: Path
) -> None:
    owner = users()[0]
    count = await store.count()
    taken_address = owner.email.upper().replace("EXAMPLE.COM", "example.com")
    taken = await run(SIGN_UP, sign_up_input(email=taken_address))
    new = await run(SIGN_UP, sign_up_input(email="someone.new@example.org"))
    # The same shape and the same words; the address echoed is the one the caller typed.
    assert taken.errors is None
    assert new.errors is None
    assert taken.data is not None
    assert new.data is not None
    assert taken.data["signUp"]["message"] == new.data["signUp"]["message"]
    assert set(taken.data["signUp"]) == set(new.data["signUp"])
    assert await store.count() == count
    notice, confirmation = mails(mailbox)
    assert notice["To"] == owner.email
    assert "already" in notice.get_content()
    assert "confirmSignUp" not in notice.get_content()
    assert confirmation["To"] == "someone.new@example.org"
    # The owner's password still opens the account; the one typed at sign-up does not.
    signed = await run(SIGN_IN, {"email": owner.email, "password": SEED_PASSWORD})
    assert data(signed)["signIn"]["user"]["id"] == owner.id
    other = await run(SIGN_IN, {"email": owner.email, "password": "correct horse battery"})
    assert codes(other) == ["UNAUTHENTICATED"]


async def test_sign_up_defaults_role_to_student(run: Run, mailbox: Path) -> None:
    assert (await signed_up(run, mailbox))["user"]["role"] == "STUDENT"


async def test_sign_up_normalises_display_name_and_email_domain(run: Run, mailbox: Path) -> None:
    given = {"email": "Mixed.Case@EXAMPLE.org", "displayName": "  Ada   Lovelace "}
    answer = data(await run(SIGN_UP, sign_up_input(**given)))["signUp"]
    assert answer["email"] == "Mixed.Case@example.org"
    token = mailed_token(mails(mailbox)[-1])
    user = data(await run(CONFIRM, {"token": token}))["confirmSignUp"]["user"]
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
    run: Run, store: AccountsStore, mailbox: Path, field: str, value: str, expected_field: str
) -> None:
    count = await store.count()
    result = await run(SIGN_UP, sign_up_input(**{field: value}))
    assert codes(result) == ["BAD_USER_INPUT"]
    assert result.errors is not None
    extensions = result.errors[0].extensions or {}
    assert extensions == {"code": "BAD_USER_INPUT", "argument": f"input.{expected_field}"}
    assert result.errors[0].message.startswith(f"input.{expected_field} ")
    assert result.data is None
    assert await store.count() == count
    assert mails(mailbox) == []


async def test_sign_up_accepts_password_of_exactly_ten_characters(run: Run, mailbox: Path) -> None:
    assert (await signed_up(run, mailbox, password="0123456789"))["token"]


async def test_sign_up_rejects_unknown_role_as_validation_error(run: Run) -> None:
    # Not a Role value at all: graphql-core refuses the variable before any resolver runs.
    result = await run(SIGN_UP, sign_up_input(role="OWNER"))
    assert codes(result) == ["GRAPHQL_VALIDATION_FAILED"]


async def test_an_unconfirmed_sign_up_cannot_sign_in_and_fails_like_an_unknown_address(
    run: Run, mailbox: Path
) -> None:
    data(await run(SIGN_UP, sign_up_input()))
    pending = await run(
        SIGN_IN, {"email": "new.person@example.org", "password": "correct horse battery"}
    )
    unknown = await run(
        SIGN_IN, {"email": "nobody@example.org", "password": "correct horse battery"}
    )
    assert codes(pending) == codes(unknown) == ["UNAUTHENTICATED"]
    assert pending.errors is not None
    assert unknown.errors is not None
    assert pending.errors[0].message == unknown.errors[0].message


@pytest.mark.parametrize("token", ["", "x" * 43, "not a token at all", "é" * 43, "y" * 5000])
async def test_confirm_with_a_token_we_did_not_mail_is_bad_user_input(
    run: Run, store: AccountsStore, token: str
) -> None:
    count = await store.count()
    result = await run(CONFIRM, {"token": token})
    assert codes(result) == ["BAD_USER_INPUT"]
    assert result.errors is not None
    assert (result.errors[0].extensions or {})["argument"] == "token"
    assert "token" in result.errors[0].message
    assert await store.count() == count


async def test_a_token_works_once_and_not_after_it_expires(
    run: Run, store: AccountsStore, mailbox: Path
) -> None:
    data(await run(SIGN_UP, sign_up_input()))
    token = mailed_token(mails(mailbox)[-1])
    assert data(await run(CONFIRM, {"token": token}))["confirmSignUp"]["token"]
    assert codes(await run(CONFIRM, {"token": token})) == ["BAD_USER_INPUT"]
    data(await run(SIGN_UP, sign_up_input(email="late@example.org")))
    late = mailed_token(mails(mailbox)[-1])
    async with store.engine.begin() as conn:
        await conn.execute(text("UPDATE pending_signups SET expires_at = now() - interval '1 s'"))
    assert codes(await run(CONFIRM, {"token": late})) == ["BAD_USER_INPUT"]
    signed = await run(SIGN_IN, {"email": "late@example.org", "password": "correct horse battery"})
    assert codes(signed) == ["UNAUTHENTICATED"]


async def test_concurrent_sign_ups_with_one_address_make_exactly_one_account(
    run: Run, store: AccountsStore, mailbox: Path
) -> None:
    count = await store.count()
    results = await asyncio.gather(
        *(
            run(SIGN_UP, sign_up_input(email="Race@Example.org", displayName=f"R{i}"))
            for i in range(4)
        )
    )
    assert all(r.errors is None for r in results)
    tokens = [mailed_token(m) for m in mails(mailbox)]
    assert len(tokens) == 4
    confirmed = await asyncio.gather(*(run(CONFIRM, {"token": t}) for t in tokens))
    outcomes = sorted("ok" if r.errors is None else codes(r)[0] for r in confirmed)
    assert outcomes.count("ok") == 1
    assert set(outcomes) <= {"ok", "BAD_USER_INPUT", "CONFLICT"}
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


async def test_sign_in_after_confirmed_sign_up_works_with_the_new_password(
    run: Run, mailbox: Path
) -> None:
    created = (await signed_up(run, mailbox))["user"]
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
