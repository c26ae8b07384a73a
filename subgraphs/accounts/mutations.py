"""The root mutations of accounts: sign-up (answered the same for every address), its
confirmation and sign-in, the last two answering with a signed token."""

from __future__ import annotations

import strawberry

from shared.auth import Viewer, issue_token
from subgraphs.accounts import service
from subgraphs.accounts.context import Info
from subgraphs.accounts.entities import User
from subgraphs.accounts.records import RoleName, UserRecord

__all__ = ["AuthPayload", "Mutation", "SignUpInput", "SignUpResult"]


@strawberry.input(description="A new account. role may be STUDENT (default) or TUTOR.")
class SignUpInput:
    email: str
    password: str = strawberry.field(description="At least 10 characters.")
    display_name: str
    timezone: str = strawberry.field(description="IANA time zone name, e.g. Europe/Berlin.")
    role: RoleName = RoleName.STUDENT


@strawberry.type(
    description="What sign-up answers, whether or not the address already has an account: "
    "the next step is in a message sent to it (a confirmation token, or a notice that the "
    "address has an account)."
)
class SignUpResult:
    email: str = strawberry.field(description="The address the message went to, normalised.")
    message: str


@strawberry.type(description="A signed JWT for the Authorization header, and whose it is.")
class AuthPayload:
    token: str
    user: User


def _payload(info: Info, record: UserRecord) -> AuthPayload:
    """The token, and the user as its holder sees them (own email included)."""
    settings = info.context.settings
    token = issue_token(
        Viewer(user_id=record.id, role=record.role.value),
        settings.jwt_secret,
        ttl_seconds=settings.token_ttl_seconds,
    )
    return AuthPayload(token=token, user=User.from_record(record, reveal_email=True))


async def resolve_sign_up(info: Info, input: SignUpInput) -> SignUpResult:
    email = await service.sign_up(
        info.context.store,
        info.context.mailer,
        email=input.email,
        password=input.password,
        display_name=input.display_name,
        timezone=input.timezone,
        role=input.role,
    )
    return SignUpResult(email=email, message=service.SIGN_UP_SENT)


async def resolve_confirm_sign_up(info: Info, token: str) -> AuthPayload:
    record = await service.confirm_sign_up(info.context.store, token)
    return _payload(info, record)


async def resolve_sign_in(info: Info, email: str, password: str) -> AuthPayload:
    record = await service.sign_in(info.context.store, email=email, password=password)
    return _payload(info, record)


@strawberry.type
class Mutation:
    sign_up: SignUpResult = strawberry.mutation(
        resolver=resolve_sign_up,
        description="Start creating an account: a message goes to the address. The answer is "
        "the same whether or not the address already has an account.",
    )
    confirm_sign_up: AuthPayload = strawberry.mutation(
        resolver=resolve_confirm_sign_up,
        description="Create the account with the token mailed at sign-up, and sign in to it.",
    )
    sign_in: AuthPayload = strawberry.mutation(
        resolver=resolve_sign_in, description="Exchange email and password for a token."
    )
