"""The root queries of accounts: the viewer, one user by id, and users page by page."""

from __future__ import annotations

import strawberry

from subgraphs.accounts.context import Info
from subgraphs.accounts.entities import User
from subgraphs.accounts.pagination import (
    DEFAULT_FIRST,
    UserConnection,
    check_first,
    decode_cursor,
)

__all__ = ["Query"]


async def resolve_me(info: Info) -> User | None:
    viewer = info.context.viewer
    if viewer is None:
        return None
    record = await info.context.users.load(viewer.user_id)
    return None if record is None else User.from_record(record)


async def resolve_user(info: Info, id: strawberry.ID) -> User | None:
    record = await info.context.users.load(str(id))
    return None if record is None else User.from_record(record)


async def resolve_users(
    info: Info, first: int = DEFAULT_FIRST, after: str | None = None
) -> UserConnection:
    limit = check_first(first)
    key = None if after is None else decode_cursor(after)
    # One extra row tells whether another page follows, without a second query.
    records = await info.context.store.page(after=key, limit=limit + 1)
    return UserConnection.from_page(records, first=limit)


@strawberry.type
class Query:
    me: User | None = strawberry.federation.field(
        resolver=resolve_me,
        description="The signed-in user, or null when the request carries no valid token.",
        authenticated=True,
    )
    user: User | None = strawberry.field(
        resolver=resolve_user, description="The user with this id, or null when there is none."
    )
    users: UserConnection = strawberry.field(
        resolver=resolve_users,
        description="Users ordered by sign-up time, then id; `first` (at most 100) at a time.",
    )
