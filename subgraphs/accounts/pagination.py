"""Cursor pagination of users, ordered by (createdAt, id), on the kit's connection types."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import strawberry

from shared.subgraph.pagination import (
    Connection,
    bad_cursor,
    connection,
    decode_cursor,
    encode_cursor,
)
from subgraphs.accounts.context import Info
from subgraphs.accounts.entities import User
from subgraphs.accounts.records import UserRecord

__all__ = ["UserConnection", "cursor_key", "user_cursor"]

_KIND = "user"
# The ids accounts issues: `user-0001` (seed) and `user-<32 hex>` (sign-ups).
_USER_ID = re.compile(r"user-[A-Za-z0-9_-]{1,64}")


def user_cursor(record: UserRecord) -> str:
    return encode_cursor(_KIND, record.created_at.astimezone(UTC).isoformat(), record.id)


def cursor_key(cursor: str) -> tuple[datetime, str]:
    """The (createdAt, id) a cursor stands for; BadUserInput for anything we did not issue,
    including a well-formed cursor around an id accounts never gives out."""
    key = decode_cursor(cursor, _KIND)
    if len(key) != 2 or not all(isinstance(part, str) for part in key):
        raise bad_cursor()
    stamp, user_id = str(key[0]), str(key[1])
    try:
        created_at = datetime.fromisoformat(stamp)
        # In UTC, as issued; a forged offset at the calendar's edge overflows here, not later.
        utc = created_at.astimezone(UTC) if created_at.tzinfo is not None else None
    except (ValueError, OverflowError):
        raise bad_cursor() from None
    if _USER_ID.fullmatch(user_id) is None or utc is None:
        raise bad_cursor()
    return utc, user_id


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
