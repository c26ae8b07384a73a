"""The root queries of accounts: the viewer, one user by id, and users page by page.

Who may read whom: `me` is the viewer, or null for an anonymous request (how a client asks
whether it is signed in). `user(id)` shows tutors to everyone (their names are on their public
profiles), anyone to an admin, and a user to themself; anyone else is null, as an unknown id is.
The user directory, `users`, is for admins only. The `User` entity (what the gateway resolves
for a tutor profile's or a review's author) keeps its public fields for everyone; `email` is
only ever shown to its holder and admins.
"""

from __future__ import annotations

import strawberry

from shared.errors import Forbidden, Unauthenticated
from shared.subgraph.pagination import DEFAULT_FIRST, check_first
from subgraphs.accounts.context import Info
from subgraphs.accounts.entities import User
from subgraphs.accounts.pagination import UserConnection, cursor_key
from subgraphs.accounts.records import RoleName, UserRecord

__all__ = ["Query"]


async def resolve_me(info: Info) -> User | None:
    viewer = info.context.viewer
    if viewer is None:
        return None
    record = await info.context.users.load(viewer.user_id)
    return None if record is None else User.from_record(record)


def _visible(info: Info, record: UserRecord) -> bool:
    viewer = info.context.viewer
    if record.role is RoleName.TUTOR:
        return True
    return viewer is not None and (viewer.role == RoleName.ADMIN or viewer.user_id == record.id)


async def resolve_user(info: Info, id: strawberry.ID) -> User | None:
    record = await info.context.users.load(str(id))
    if record is None or not _visible(info, record):
        return None
    return User.from_record(record)


async def resolve_users(
    info: Info, first: int = DEFAULT_FIRST, after: str | None = None
) -> UserConnection:
    viewer = info.context.viewer
    if viewer is None:
        raise Unauthenticated("sign in as an admin to list users")
    if viewer.role != RoleName.ADMIN:
        raise Forbidden("only admins may list users")
    limit = check_first(first)
    key = None if after is None else cursor_key(after)
    # One extra row tells whether another page follows, without a second query.
    records = await info.context.store.page(after=key, limit=limit + 1)
    return UserConnection.from_page(records, first=limit, after=after)


@strawberry.type
class Query:
    me: User | None = strawberry.field(
        resolver=resolve_me,
        description="The signed-in user, or null (and no error) when the request carries no "
        "token: how a client asks whether it is signed in.",
    )
    user: User | None = strawberry.field(
        resolver=resolve_user,
        description="The user with this id if the viewer may see them: a tutor, the viewer "
        "themself, anyone for an admin. Null otherwise, as for an unknown id.",
    )
    users: UserConnection = strawberry.federation.field(
        resolver=resolve_users,
        description="Admins only: users ordered by sign-up time, then id; `first` (at most "
        "100) at a time.",
        requires_scopes=[["admin"]],
    )
