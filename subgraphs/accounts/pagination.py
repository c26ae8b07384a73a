"""Cursor pagination of users, ordered by (createdAt, id), on the kit's connection types."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Final

import strawberry

from shared.subgraph.pagination import Connection, TimestampCursors, connection
from subgraphs.accounts.context import Info
from subgraphs.accounts.entities import User
from subgraphs.accounts.records import UserRecord

__all__ = ["UserConnection", "cursor_key", "user_cursor"]

# The ids accounts issues: `user-0001` (seed) and `user-<32 hex>` (sign-ups).
_USER_ID: Final = re.compile(r"user-[A-Za-z0-9_-]{1,64}")
_CURSORS: Final = TimestampCursors(
    kind="user", is_id=lambda user_id: _USER_ID.fullmatch(user_id) is not None
)


def user_cursor(record: UserRecord) -> str:
    return _CURSORS.encode(record.created_at, record.id)


def cursor_key(cursor: str) -> tuple[datetime, str]:
    """The (createdAt, id) a cursor stands for; BadUserInput for anything we did not issue,
    including a well-formed cursor around an id accounts never gives out."""
    return _CURSORS.decode(cursor)


async def _total_count(info: Info) -> int:
    # Counted only when asked for: paging through users costs one query, not two.
    return await info.context.store.count()


@strawberry.type
class UserConnection(Connection[User]):
    total_count: int = strawberry.field(
        resolver=_total_count, description="How many users there are in all, across every page."
    )

    @classmethod
    def from_page(
        cls, records: list[UserRecord], *, first: int, after: str | None
    ) -> UserConnection:
        """`records` holds up to first + 1 users; the extra one only says a next page exists."""
        page = connection(
            records[:first],
            node=User.from_record,
            cursor=user_cursor,
            has_next_page=len(records) > first,
            after=after,
            total_count=0,  # resolved on demand by `_total_count`
        )
        return cls(edges=page.edges, page_info=page.page_info)
