"""Cursors: opaque, round-trip exactly, and refuse anything the subgraph did not issue."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest

from shared.errors import BadUserInput
from subgraphs.accounts.pagination import check_first, decode_cursor, encode_cursor
from subgraphs.accounts.records import RoleName, UserRecord


def _record(user_id: str, created_at: datetime) -> UserRecord:
    return UserRecord(
        id=user_id,
        email="x@example.org",
        display_name="X",
        role=RoleName.STUDENT,
        timezone="UTC",
        created_at=created_at,
    )


def test_cursor_round_trips_microseconds_and_every_kind_of_id() -> None:
    when = datetime(2026, 3, 4, 5, 6, 7, 891011, tzinfo=UTC)
    for user_id in ("user-0001", "user-" + "0123456789abcdef" * 2, "user-a_b-C"):
        cursor = encode_cursor(_record(user_id, when))
        assert decode_cursor(cursor) == (when, user_id)
        assert user_id not in cursor  # opaque, not the id in clear text


def test_decode_cursor_rejects_non_ascii_input() -> None:
    with pytest.raises(BadUserInput):
        decode_cursor("é")


def test_decode_cursor_rejects_missing_id() -> None:
    with pytest.raises(BadUserInput):
        decode_cursor(base64.urlsafe_b64encode(b"2026-01-01T00:00:00+00:00|").decode())


def test_check_first_bounds() -> None:
    assert check_first(0) == 0
    assert check_first(100) == 100
    for bad in (-1, 101):
        with pytest.raises(BadUserInput, match="between 0 and 100"):
            check_first(bad)


@pytest.mark.parametrize("user_id", ["", "user-", "üser", "user|with|bars", "tutor-0001", "x" * 80])
def test_decode_cursor_rejects_a_well_formed_cursor_around_an_id_we_never_issue(
    user_id: str,
) -> None:
    cursor = base64.urlsafe_b64encode(f"2026-01-01T00:00:00+00:00|{user_id}".encode()).decode()
    with pytest.raises(BadUserInput) as caught:
        decode_cursor(cursor)
    assert caught.value.details == {"field": "after", "argument": "after"}
