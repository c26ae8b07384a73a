"""Review cursors (the kit's format, kind `review`, keyed by a review's (createdAt, id))."""

from __future__ import annotations

from datetime import UTC, datetime

from shared.subgraph.pagination import bad_cursor, decode_cursor, encode_cursor
from subgraphs.reviews.model import SortKey
from subgraphs.reviews.validation import is_review_id

__all__ = ["review_cursor", "sort_key"]

_KIND = "review"


def review_cursor(key: SortKey) -> str:
    return encode_cursor(_KIND, key.created_at.astimezone(UTC).isoformat(), key.id)


def sort_key(cursor: str, argument: str = "after") -> SortKey:
    """The sort key a cursor names; anything we did not issue is BAD_USER_INPUT."""
    key = decode_cursor(cursor, _KIND, argument=argument)
    if len(key) != 2 or not all(isinstance(part, str) for part in key):
        raise bad_cursor(argument)
    created, review_id = str(key[0]), str(key[1])
    try:
        created_at = datetime.fromisoformat(created)
        # A well-formed cursor around an id we never give out is not a first page either.
        if created_at.tzinfo is None or not is_review_id(review_id):
            raise ValueError("not a cursor of ours")
        created_at = created_at.astimezone(UTC)
    except (ValueError, OverflowError):
        raise bad_cursor(argument) from None
    return SortKey(created_at=created_at, id=review_id)
