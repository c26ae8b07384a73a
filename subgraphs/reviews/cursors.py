"""Opaque page cursors: URL-safe base64 of a review's sort key (createdAt, id)."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import UTC, datetime

from shared.errors import BadUserInput
from subgraphs.reviews.model import SortKey
from subgraphs.reviews.validation import is_review_id

__all__ = ["decode_cursor", "encode_cursor"]

_MAX_CURSOR_LENGTH = 512


def encode_cursor(key: SortKey) -> str:
    raw = json.dumps([key.created_at.astimezone(UTC).isoformat(), key.id], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode()


def decode_cursor(cursor: str) -> SortKey:
    """The sort key a cursor names; anything we did not issue is BAD_USER_INPUT."""
    try:
        if len(cursor) > _MAX_CURSOR_LENGTH:
            raise ValueError("too long")
        created, review_id = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
        if not isinstance(created, str) or not isinstance(review_id, str):
            raise ValueError("wrong types")
        created_at = datetime.fromisoformat(created)
        if created_at.tzinfo is None:
            raise ValueError("naive time")
        # A well-formed cursor around an id we never give out is not a first page either.
        if not is_review_id(review_id):
            raise ValueError("not a review id")
        created_at = created_at.astimezone(UTC)
    except (ValueError, TypeError, UnicodeError, OverflowError, binascii.Error) as exc:
        raise BadUserInput("`after` is not a cursor this API issued", argument="after") from exc
    return SortKey(created_at=created_at, id=review_id)
