"""The root mutations of accounts: sign-up and sign-in, both answering with a signed token."""

from __future__ import annotations

import strawberry

from shared.auth import Viewer, issue_token
from subgraphs.accounts import service
from subgraphs.accounts.context import Info
from subgraphs.accounts.entities import User
from subgraphs.accounts.records import RoleName, UserRecord

__all__ = ["AuthPayload", "Mutation", "SignUpInput"]


@strawberry.input(description="A new account. role may be STUDENT (default) or TUTOR.")
class SignUpInput:
    email: str
    password: str = strawberry.field(description="At least 10 characters.")
    display_name: str
    timezone: str = strawberry.field(description="IANA time zone name, e.g. Europe/Berlin.")
    role: RoleName = RoleName.STUDENT


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


async def resolve_sign_up(info: Info, input: SignUpInput) -> AuthPayload:
    record = await service.sign_up(
        info.context.store,
        email=input.email,
        password=input.password,
        display_name=input.display_name,
        timezone=input.timezone,
        role=input.role,
    )
    return _payload(info, record)


async def resolve_sign_in(info: Info, email: str, password: str) -> AuthPayload:
    record = await service.sign_in(info.context.store, email=email, password=password)
    return _payload(info, record)


@strawberry.type
class Mutation:
    sign_up: AuthPayload = strawberry.mutation(
        resolver=resolve_sign_up, description="Create an account and sign in to it."
    )
    sign_in: AuthPayload = strawberry.mutation(
        resolver=resolve_sign_in, description="Exchange email and password for a token."
    )
