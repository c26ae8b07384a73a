"""Cursor pagination of users: opaque cursors over (createdAt, id) and the connection types."""

from __future__ import annotations

import base64
import binascii
import re
from datetime import UTC, datetime

import strawberry

from shared.errors import BadUserInput
from shared.subgraph.pagination import DEFAULT_FIRST, MAX_FIRST, PageInfo
from subgraphs.accounts.context import Info
from subgraphs.accounts.entities import User
from subgraphs.accounts.records import UserRecord

__all__ = [
    "DEFAULT_FIRST",
    "MAX_FIRST",
    "PageInfo",
    "UserConnection",
    "UserEdge",
    "check_first",
    "decode_cursor",
    "encode_cursor",
]


def encode_cursor(record: UserRecord) -> str:
    key = f"{record.created_at.isoformat()}|{record.id}"
    return base64.urlsafe_b64encode(key.encode()).decode()


# The ids accounts issues: `user-0001` (seed) and `user-<32 hex>` (sign-ups).
_USER_ID = re.compile(r"user-[A-Za-z0-9_-]{1,64}")
_MAX_CURSOR = 200


def _bad_cursor() -> BadUserInput:
    return BadUserInput("after is not a valid cursor", field="after", argument="after")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    """The (createdAt, id) a cursor stands for; BadUserInput for anything we did not issue,
    including a well-formed cursor around an id accounts never gives out."""
    try:
        if len(cursor) > _MAX_CURSOR:
            raise ValueError("too long")
        key = base64.urlsafe_b64decode(cursor.encode("ascii")).decode()
        stamp, sep, user_id = key.partition("|")
        created_at = datetime.fromisoformat(stamp)
        # In UTC, as issued; a forged offset at the calendar's edge overflows here, not later.
        utc = created_at.astimezone(UTC) if created_at.tzinfo is not None else None
    except (ValueError, OverflowError, UnicodeError, binascii.Error):
        raise _bad_cursor() from None
    if not sep or _USER_ID.fullmatch(user_id) is None or utc is None:
        raise _bad_cursor()
    return utc, user_id


def check_first(first: int) -> int:
    if not 0 <= first <= MAX_FIRST:
        raise BadUserInput(
            f"first must be between 0 and {MAX_FIRST}, not {first}",
            field="first",
            argument="first",
        )
    return first


@strawberry.type
class UserEdge:
    cursor: str
    node: User


async def _total_count(info: Info) -> int:
    # Counted only when asked for: paging through users costs one query, not two.
    return await info.context.store.count()


@strawberry.type
class UserConnection:
    edges: list[UserEdge]
    page_info: PageInfo

    total_count: int = strawberry.field(
        resolver=_total_count, description="How many users there are in all, across every page."
    )

    @classmethod
    def from_page(cls, records: list[UserRecord], *, first: int) -> UserConnection:
        """`records` holds up to first + 1 users; the extra one only says a next page exists."""
        shown = records[:first]
        edges = [UserEdge(cursor=encode_cursor(r), node=User.from_record(r)) for r in shown]
        return cls(
            edges=edges,
            page_info=PageInfo(
                has_next_page=len(records) > first,
                end_cursor=edges[-1].cursor if edges else None,
            ),
        )
