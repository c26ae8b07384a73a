"""Cursor pagination every subgraph shares: `Connection[T]`, `Edge[T]`, `PageInfo`, the bounds
of `first`, and one opaque cursor format.

A connection field takes `first` (0 to `MAX_FIRST`, default `DEFAULT_FIRST`) and `after` (a
cursor this API issued) and answers `Connection[T]`, printed as `<T>Connection` with
`<T>Edge`. A cursor is URL-safe base64, without padding, of a compact JSON array: a kind (which
ordering it belongs to, e.g. `"tutor"`) followed by the sort key of the item it points at. A
cursor of another kind, too long, or not ours at all is BAD_USER_INPUT naming the argument,
never a silent first page. Orderings by (timestamp, id) share `TimestampCursors`.

Paging is forward only: `hasPreviousPage` is true when `after` was given, since the item the
cursor points at comes before the page; `startCursor`/`endCursor` are the first and last
edges' cursors, null on an empty page.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final, Generic, TypeVar

import strawberry

from shared.errors import BadUserInput
from shared.subgraph.arguments import bad_argument

__all__ = [
    "DEFAULT_FIRST",
    "MAX_CURSOR_LENGTH",
    "MAX_FIRST",
    "Connection",
    "CursorKey",
    "Edge",
    "PageInfo",
    "Slice",
    "TimestampCursors",
    "bad_cursor",
    "check_first",
    "connection",
    "decode_cursor",
    "encode_cursor",
    "slice_after",
]

# The federation conventions fix these for every connection (above MAX_FIRST is BAD_USER_INPUT).
DEFAULT_FIRST: Final = 20
MAX_FIRST: Final = 100
# Longer than any cursor we issue (a kind, an ISO timestamp and an id of at most 70 characters).
MAX_CURSOR_LENGTH: Final = 256

T = TypeVar("T")
R = TypeVar("R")

CursorKey = tuple[str | int, ...]


# Composition requires every subgraph's PageInfo to be identical, so there is one definition.
@strawberry.federation.type(shareable=True)
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    total_count: int = strawberry.field(description="How many items there are across every page.")


def check_first(first: int, argument: str = "first") -> int:
    """`first` if it is a page size we serve, else BAD_USER_INPUT naming the argument."""
    if not 0 <= first <= MAX_FIRST:
        raise bad_argument(argument, f"{argument} must be between 0 and {MAX_FIRST}, not {first}")
    return first


def bad_cursor(argument: str = "after") -> BadUserInput:
    """The error for a cursor this API did not issue (or no longer would)."""
    return bad_argument(argument, f"{argument} is not a cursor this API issued")


def encode_cursor(kind: str, *key: str | int) -> str:
    """An opaque cursor for the item whose sort key is `key`, in the ordering `kind`."""
    raw = json.dumps([kind, *key], separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, kind: str, *, argument: str = "after") -> CursorKey:
    """The sort key a cursor of `kind` carries; anything else is BAD_USER_INPUT (`bad_cursor`).

    Only the format is checked here; the subgraph checks what the key's parts must be (an id it
    gives out, a timestamp) and raises `bad_cursor` itself when they are not.
    """
    try:
        if len(cursor) > MAX_CURSOR_LENGTH:
            raise ValueError("too long")
        padded = cursor + "=" * (-len(cursor) % 4)
        decoded = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")).decode())
    except (ValueError, UnicodeError, binascii.Error):
        raise bad_cursor(argument) from None
    if not isinstance(decoded, list) or len(decoded) < 2 or decoded[0] != kind:
        raise bad_cursor(argument)
    key = decoded[1:]
    if not all(isinstance(p, str) or (type(p) is int) for p in key):
        raise bad_cursor(argument)
    return tuple(key)


@dataclass(frozen=True, slots=True, kw_only=True)
class TimestampCursors:
    """The cursors of one ordering by (timestamp, id), such as bookings by (start, id).

    The key is the time in UTC (ISO 8601) and the id. Besides what `decode_cursor` refuses, a
    key of another shape, a time without an offset or past the calendar's edge, and an id
    `is_id` refuses are `bad_cursor`: a well-formed cursor around an id the subgraph never gives
    out is the client's mistake, not a first page.
    """

    kind: str
    is_id: Callable[[str], bool]

    def encode(self, at: datetime, item_id: str) -> str:
        return encode_cursor(self.kind, at.astimezone(UTC).isoformat(), item_id)

    def decode(self, cursor: str, *, argument: str = "after") -> tuple[datetime, str]:
        """The (time in UTC, id) a cursor of ours stands for; anything else is `bad_cursor`."""
        key = decode_cursor(cursor, self.kind, argument=argument)
        if len(key) != 2 or not all(isinstance(part, str) for part in key):
            raise bad_cursor(argument)
        stamp, item_id = str(key[0]), str(key[1])
        try:
            at = datetime.fromisoformat(stamp)
            if at.tzinfo is None or not self.is_id(item_id):
                raise ValueError("not a cursor of ours")
            # In UTC, as issued; a forged offset at the calendar's edge overflows here, not later.
            at = at.astimezone(UTC)
        except (ValueError, OverflowError):
            raise bad_cursor(argument) from None
        return at, item_id


@dataclass(frozen=True, slots=True, kw_only=True)
class Slice(Generic[R]):
    """One page cut from a sorted sequence: its items and whether more follow."""

    items: tuple[R, ...]
    has_next_page: bool


def slice_after(items: Sequence[R], *, first: int, after: Any, key: Callable[[R], Any]) -> Slice[R]:
    """The `first` items whose key sorts after `after` (`items` sorted by `key`)."""
    start = 0
    if after is not None:
        start = next((i for i, item in enumerate(items) if key(item) > after), len(items))
    rest = items[start:]
    return Slice(items=tuple(rest[:first]), has_next_page=len(rest) > first)


def connection(
    items: Sequence[R],
    *,
    node: Callable[[R], T],
    cursor: Callable[[R], str],
    has_next_page: bool,
    after: str | None,
    total_count: int,
) -> Connection[T]:
    """The connection for one page of `items`, which followed the cursor `after` (or none)."""
    edges = [Edge(cursor=cursor(item), node=node(item)) for item in items]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=has_next_page,
            has_previous_page=after is not None,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count=total_count,
    )
