"""User cursors: opaque, round-trip exactly, and refuse anything accounts did not issue."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from shared.errors import BadUserInput
from shared.subgraph.pagination import encode_cursor
from subgraphs.accounts.pagination import cursor_key, user_cursor
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
        cursor = user_cursor(_record(user_id, when))
        assert cursor_key(cursor) == (when, user_id)
        assert user_id not in cursor  # opaque, not the id in clear text


def test_cursor_key_rejects_non_ascii_input() -> None:
    with pytest.raises(BadUserInput):
        cursor_key("é")


def test_cursor_key_rejects_missing_id() -> None:
    with pytest.raises(BadUserInput):
        cursor_key(encode_cursor("user", "2026-01-01T00:00:00+00:00"))


@pytest.mark.parametrize("user_id", ["", "user-", "üser", "user|with|bars", "tutor-0001", "x" * 80])
def test_cursor_key_rejects_a_well_formed_cursor_around_an_id_we_never_issue(
    user_id: str,
) -> None:
    cursor = encode_cursor("user", "2026-01-01T00:00:00+00:00", user_id)
    with pytest.raises(BadUserInput) as caught:
        cursor_key(cursor)
    assert caught.value.details == {"argument": "after"}
