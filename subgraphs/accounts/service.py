"""Sign-up, its confirmation, and sign-in: validate everything first, then hash, then write once.

Sign-up never tells whether an address already has an account: it validates the input, hashes
the password (the slow part, paid either way), and mails the address, a confirmation token to a
new one, a notice to an existing one, then answers the same. Only the address's owner learns
which, by reading the mail; the account exists once the token comes back (`confirm_sign_up`).
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import UTC, datetime, timedelta
from typing import Final

from shared.errors import Unauthenticated
from shared.subgraph.arguments import bad_argument
from subgraphs.accounts.mail import Mail, Mailer
from subgraphs.accounts.passwords import (
    hash_password,
    needs_rehash,
    verify_or_waste_time,
)
from subgraphs.accounts.records import PendingSignup, RoleName, UserRecord
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

__all__ = [
    "CONFIRMATION_TTL",
    "SIGN_IN_FAILED",
    "SIGN_UP_SENT",
    "confirm_sign_up",
    "sign_in",
    "sign_up",
]

# One message for unknown email and wrong password alike: no way to probe who has an account.
# A sign-up not confirmed yet has no account, so it gets this answer too.
SIGN_IN_FAILED = "invalid email or password"
# What every valid sign-up answers, new address or not.
SIGN_UP_SENT = "We sent a message to this address: follow it to finish signing up."
# How long the token in a confirmation mail works.
CONFIRMATION_TTL: Final = timedelta(hours=24)
_MAX_TOKEN = 200
_BAD_TOKEN = "token is not a valid sign-up confirmation token (unknown, used or expired)"  # noqa: S105 (a message)

_CONFIRM_SUBJECT = "Confirm your tutorgraph account"
_CONFIRM_BODY = """Hello {name},

to finish creating your tutorgraph account, confirm this address with the token below
(the mutation `confirmSignUp(token: "...")`). It works once, for 24 hours.

{token}

If you did not sign up, ignore this message: no account is created without it.
"""
_EXISTS_SUBJECT = "Someone tried to sign up with your tutorgraph address"
_EXISTS_BODY = """Hello {name},

someone, maybe you, tried to create a tutorgraph account with this address, which already
has one. Nothing was changed. If it was you, sign in with your password instead.
If it was not you, you can ignore this message.
"""


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def sign_up(
    store: AccountsStore,
    mailer: Mailer,
    *,
    email: str,
    password: str,
    display_name: str,
    timezone: str,
    role: RoleName,
) -> str:
    """Mail the next step to `email` and return the address as normalised.

    BadUserInput for invalid fields; otherwise the same outcome whether or not the address
    already has an account (only the mail differs).
    """
    new_email = check_email(email)
    new_password = check_password(password)
    new_name = check_display_name(display_name)
    new_timezone = check_timezone(timezone)
    new_role = check_signup_role(role)
    # Hashed on both paths: the hash is most of the time a sign-up takes.
    password_hash = await hash_password(new_password)
    existing = await store.credentials(new_email)
    if existing is not None:
        body = _EXISTS_BODY.format(name=existing.user.display_name)
        await mailer.send(Mail(to=existing.user.email, subject=_EXISTS_SUBJECT, body=body))
        return new_email
    token = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    await store.add_pending(
        PendingSignup(
            token_hash=_token_hash(token),
            email=new_email,
            display_name=new_name,
            role=new_role,
            timezone=new_timezone,
            password_hash=password_hash,
            created_at=now,
            expires_at=now + CONFIRMATION_TTL,
        )
    )
    body = _CONFIRM_BODY.format(name=new_name, token=token)
    await mailer.send(Mail(to=new_email, subject=_CONFIRM_SUBJECT, body=body))
    return new_email


async def confirm_sign_up(store: AccountsStore, token: str) -> UserRecord:
    """The account the mailed `token` creates; BadUserInput for an unknown, used or old token,
    Conflict when the address got an account in the meantime."""
    if not 0 < len(token) <= _MAX_TOKEN or not token.isascii():
        raise bad_argument("token", _BAD_TOKEN)
    record = await store.confirm_pending(
        _token_hash(token), user_id=f"user-{uuid.uuid4().hex}", now=datetime.now(UTC)
    )
    if record is None:
        raise bad_argument("token", _BAD_TOKEN)
    return record


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
