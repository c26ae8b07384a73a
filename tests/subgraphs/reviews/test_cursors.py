"""Cursor encoding: round trips, and anything else is BAD_USER_INPUT."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta, timezone

import pytest

from shared.errors import BadUserInput
from subgraphs.reviews.cursors import decode_cursor, encode_cursor
from subgraphs.reviews.model import SortKey


def test_cursor_round_trips_sort_key() -> None:
    key = SortKey(created_at=datetime(2026, 3, 4, 5, 6, 7, 8000, tzinfo=UTC), id="review-00042")
    assert decode_cursor(encode_cursor(key)) == key


def test_cursor_normalises_offsets_to_utc() -> None:
    local = datetime(2026, 3, 4, 7, 0, tzinfo=timezone(timedelta(hours=2)))
    decoded = decode_cursor(encode_cursor(SortKey(created_at=local, id="review-1")))
    assert decoded.created_at == datetime(2026, 3, 4, 5, 0, tzinfo=UTC)
    assert decoded.created_at.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"[]",
        b"{}",
        b'["2026-01-01T00:00:00", "review-1"]',  # naive time
        b'["2026-01-01T00:00:00+00:00", 5]',
        b'[1, "review-1"]',
        b'["2026-01-01T00:00:00+00:00", "review-1", "extra"]',
        b"\xff\xfe",
    ],
)
def test_decode_rejects_cursors_we_did_not_issue(raw: bytes) -> None:
    with pytest.raises(BadUserInput):
        decode_cursor(base64.urlsafe_b64encode(raw).decode())


@pytest.mark.parametrize("text", ["!!!", "é", "a" * 600, "YQ"])
def test_decode_rejects_text_that_is_not_base64_json(text: str) -> None:
    with pytest.raises(BadUserInput):
        decode_cursor(text)
