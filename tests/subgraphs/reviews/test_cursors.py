"""Review cursors: round trips, and anything else is BAD_USER_INPUT."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta, timezone

import pytest

from shared.errors import BadUserInput
from shared.subgraph.pagination import encode_cursor
from subgraphs.reviews.validation import REVIEW_CURSORS


def test_review_cursor_round_trips_sort_key() -> None:
    key = (datetime(2026, 3, 4, 5, 6, 7, 8000, tzinfo=UTC), "review-00042")
    assert REVIEW_CURSORS.decode(REVIEW_CURSORS.encode(*key)) == key


def test_cursor_normalises_offsets_to_utc() -> None:
    local = datetime(2026, 3, 4, 7, 0, tzinfo=timezone(timedelta(hours=2)))
    created_at, _ = REVIEW_CURSORS.decode(REVIEW_CURSORS.encode(local, "review-1"))
    assert created_at == datetime(2026, 3, 4, 5, 0, tzinfo=UTC)
    assert created_at.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    "cursor",
    [
        encode_cursor("review"),
        encode_cursor("review", "2026-01-01T00:00:00", "review-1"),  # naive time
        encode_cursor("review", "2026-01-01T00:00:00+00:00", 5),
        encode_cursor("review", 1, "review-1"),
        encode_cursor("review", "2026-01-01T00:00:00+00:00", "review-1", "extra"),
        encode_cursor("review", "2026-01-01T00:00:00+00:00", "user-1"),
        encode_cursor("tutor", "2026-01-01T00:00:00+00:00", "review-1"),
        base64.urlsafe_b64encode(b'["2026-01-01T00:00:00+00:00", "review-1"]').decode(),
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),
    ],
)
def test_review_cursor_rejects_cursors_we_did_not_issue(cursor: str) -> None:
    with pytest.raises(BadUserInput) as caught:
        REVIEW_CURSORS.decode(cursor)
    assert caught.value.details == {"argument": "after"}


@pytest.mark.parametrize("text", ["!!!", "é", "a" * 600, "YQ"])
def test_review_cursor_rejects_text_that_is_not_base64_json(text: str) -> None:
    with pytest.raises(BadUserInput):
        REVIEW_CURSORS.decode(text)
