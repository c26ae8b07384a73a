"""Sign-up and sign-in: validate everything first, then hash, then write once."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from shared.errors import Unauthenticated
from subgraphs.accounts.passwords import (
    hash_password,
    needs_rehash,
    verify_or_waste_time,
)
from subgraphs.accounts.records import NewUser, RoleName, UserRecord
from subgraphs.accounts.store import AccountsStore
from subgraphs.accounts.validation import (
    MAX_EMAIL,
    MAX_PASSWORD,
    check_display_name,
    check_email,
    check_password,
    check_signup_role,
    check_timezone,
    is_unicode_text,
)

__all__ = ["SIGN_IN_FAILED", "sign_in", "sign_up"]

# One message for unknown email and wrong password alike: no way to probe who has an account.
SIGN_IN_FAILED = "invalid email or password"


async def sign_up(
    store: AccountsStore,
    *,
    email: str,
    password: str,
    display_name: str,
    timezone: str,
    role: RoleName,
) -> UserRecord:
    """A new account; BadUserInput for invalid fields, Conflict when the email is taken."""
    new_email = check_email(email)
    new_password = check_password(password)
    new_name = check_display_name(display_name)
    new_timezone = check_timezone(timezone)
    new_role = check_signup_role(role)
    return await store.create_user(
        NewUser(
            id=f"user-{uuid.uuid4().hex}",
            email=new_email,
            display_name=new_name,
            role=new_role,
            timezone=new_timezone,
            password_hash=await hash_password(new_password),
            created_at=datetime.now(UTC),
        )
    )


async def sign_in(store: AccountsStore, *, email: str, password: str) -> UserRecord:
    """The account these credentials open, else Unauthenticated (same message either way)."""
    address = email.strip()
    if (
        not address
        or len(address) > MAX_EMAIL
        or len(password) > MAX_PASSWORD
        or not is_unicode_text(password)
    ):
        raise Unauthenticated(SIGN_IN_FAILED)
    credentials = await store.credentials(address)
    stored_hash = None if credentials is None else credentials.password_hash
    if not await verify_or_waste_time(stored_hash, password) or credentials is None:
        raise Unauthenticated(SIGN_IN_FAILED)
    if needs_rehash(credentials.password_hash):
        await store.set_password_hash(credentials.user.id, await hash_password(password))
    return credentials.user
