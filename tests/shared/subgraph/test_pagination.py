"""The kit's connections: one PageInfo, one cursor format, one bound on `first`."""

from __future__ import annotations

import base64
import json
from datetime import datetime, timedelta, timezone

import pytest
import strawberry

from shared.errors import BadUserInput
from shared.subgraph import build_schema
from shared.subgraph.pagination import (
    DEFAULT_FIRST,
    MAX_CURSOR_LENGTH,
    MAX_FIRST,
    Connection,
    PageInfo,
    TimestampCursors,
    check_first,
    connection,
    decode_cursor,
    encode_cursor,
    slice_after,
)

ITEMS = tuple(range(1, 8))  # seven items, sorted


def page(first: int, after: str | None) -> Connection[int]:
    key = None if after is None else decode_cursor(after, "n")[0]
    cut = slice_after(ITEMS, first=first, after=key, key=lambda i: i)
    return connection(
        cut.items,
        node=lambda i: i * 10,
        cursor=lambda i: encode_cursor("n", i),
        has_next_page=cut.has_next_page,
        after=after,
        total_count=len(ITEMS),
    )


@strawberry.type
class _Query:
    @strawberry.field
    def page(self) -> PageInfo:
        return PageInfo(
            has_next_page=True, has_previous_page=False, start_cursor="a", end_cursor="b"
        )


def test_page_info_prints_shareable_with_relay_fields() -> None:
    sdl = build_schema(query=_Query).as_str()
    assert (
        "type PageInfo @shareable {\n  hasNextPage: Boolean!\n  hasPreviousPage: Boolean!\n"
        "  startCursor: String\n  endCursor: String\n}"
    ) in sdl


def test_first_bounds_match_the_conventions() -> None:
    assert (DEFAULT_FIRST, MAX_FIRST) == (20, 100)


@pytest.mark.parametrize(
    "key",
    [("tutor-0001",), ("2026-01-02T03:04:05+00:00", "review-1"), (7,), ("ü", -3)],
)
def test_cursor_round_trips(key: tuple[str | int, ...]) -> None:
    cursor = encode_cursor("kind", *key)
    assert "=" not in cursor
    assert decode_cursor(cursor, "kind") == key


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode()


@pytest.mark.parametrize(
    "cursor",
    [
        "",
        "not base64 !",
        _b64(b"\xff\xfe"),
        _b64(b"not json"),
        _b64(json.dumps({"kind": "n"}).encode()),
        _b64(json.dumps(["n"]).encode()),
        _b64(json.dumps(["other", 1]).encode()),
        _b64(json.dumps(["n", 1.5]).encode()),
        _b64(json.dumps(["n", True]).encode()),
        _b64(json.dumps(["n", None]).encode()),
        _b64(json.dumps(["n", [1]]).encode()),
        encode_cursor("n", "x" * MAX_CURSOR_LENGTH),
    ],
)
def test_malformed_cursors_are_bad_user_input_naming_the_argument(cursor: str) -> None:
    with pytest.raises(BadUserInput) as caught:
        decode_cursor(cursor, "n", argument="input.after")
    assert caught.value.code == "BAD_USER_INPUT"
    assert caught.value.details == {"argument": "input.after"}
    assert caught.value.message == "input.after is not a cursor this API issued"


ITEM_CURSORS = TimestampCursors(kind="item", is_id=lambda i: i.startswith("item-"))


def test_timestamp_cursor_round_trips_in_utc() -> None:
    at = datetime(2026, 3, 4, 7, 6, 7, 891011, tzinfo=timezone(timedelta(hours=2)))
    cursor = ITEM_CURSORS.encode(at, "item-42")
    assert cursor == encode_cursor("item", "2026-03-04T05:06:07.891011+00:00", "item-42")
    decoded_at, item_id = ITEM_CURSORS.decode(cursor)
    assert (decoded_at, item_id) == (at, "item-42")
    assert decoded_at.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    "cursor",
    [
        "not base64 !",
        encode_cursor("item"),
        encode_cursor("item", "2026-01-01T00:00:00+00:00"),
        encode_cursor("item", "2026-01-01T00:00:00+00:00", "item-1", "extra"),
        encode_cursor("item", "2026-01-01T00:00:00+00:00", 5),
        encode_cursor("item", 1, "item-1"),
        encode_cursor("item", "2026-01-01T00:00:00", "item-1"),  # no offset
        encode_cursor("item", "yesterday", "item-1"),
        encode_cursor("item", "9999-12-31T23:00:00-05:00", "item-1"),  # past the calendar
        encode_cursor("item", "2026-01-01T00:00:00+00:00", "other-1"),  # an id we never issue
        encode_cursor("other", "2026-01-01T00:00:00+00:00", "item-1"),
    ],
)
def test_timestamp_cursor_rejects_what_it_did_not_issue(cursor: str) -> None:
    with pytest.raises(BadUserInput) as caught:
        ITEM_CURSORS.decode(cursor, argument="input.after")
    assert caught.value.code == "BAD_USER_INPUT"
    assert caught.value.details == {"argument": "input.after"}
    assert caught.value.message == "input.after is not a cursor this API issued"


@pytest.mark.parametrize("first", [-1, MAX_FIRST + 1])
def test_first_out_of_bounds_is_bad_user_input_naming_first(first: int) -> None:
    with pytest.raises(BadUserInput) as caught:
        check_first(first)
    assert caught.value.details == {"argument": "first"}
    assert caught.value.message == f"first must be between 0 and {MAX_FIRST}, not {first}"


@pytest.mark.parametrize("first", [0, 1, MAX_FIRST])
def test_first_within_bounds_is_kept(first: int) -> None:
    assert check_first(first) == first


def test_first_page_has_next_but_no_previous() -> None:
    first = page(3, None)
    assert [e.node for e in first.edges] == [10, 20, 30]
    info = first.page_info
    assert (info.has_next_page, info.has_previous_page) == (True, False)
    assert info.start_cursor == first.edges[0].cursor == encode_cursor("n", 1)
    assert info.end_cursor == first.edges[-1].cursor == encode_cursor("n", 3)
    assert first.total_count == 7


def test_middle_page_has_next_and_previous() -> None:
    middle = page(3, page(3, None).page_info.end_cursor)
    assert [e.node for e in middle.edges] == [40, 50, 60]
    info = middle.page_info
    assert (info.has_next_page, info.has_previous_page) == (True, True)
    assert (info.start_cursor, info.end_cursor) == (encode_cursor("n", 4), encode_cursor("n", 6))


def test_last_page_has_previous_but_no_next() -> None:
    last = page(3, encode_cursor("n", 6))
    assert [e.node for e in last.edges] == [70]
    info = last.page_info
    assert (info.has_next_page, info.has_previous_page) == (False, True)
    assert info.start_cursor == info.end_cursor == encode_cursor("n", 7)


def test_exactly_full_last_page_has_no_next() -> None:
    assert page(7, None).page_info.has_next_page is False


def test_page_past_the_end_is_empty_with_null_cursors() -> None:
    empty = page(3, encode_cursor("n", 7))
    assert empty.edges == []
    info = empty.page_info
    assert (info.has_next_page, info.has_previous_page) == (False, True)
    assert (info.start_cursor, info.end_cursor) == (None, None)


def test_first_zero_is_an_empty_page_that_says_more_follow() -> None:
    empty = page(0, None)
    assert empty.edges == []
    assert empty.page_info.has_next_page is True


@strawberry.type
class Thing:
    id: str


@strawberry.type
class _ThingQuery:
    @strawberry.field
    def things(self) -> Connection[Thing]:
        return connection(
            ["a"],
            node=lambda i: Thing(id=i),
            cursor=str,
            has_next_page=False,
            after=None,
            total_count=1,
        )


def test_generic_connection_prints_with_the_node_type_name() -> None:
    schema = build_schema(query=_ThingQuery)
    sdl = schema.as_str()
    assert "things: ThingConnection!" in sdl
    assert "type ThingEdge {\n  cursor: String!\n  node: Thing!\n}" in sdl
    result = schema.execute_sync(
        "{ things { totalCount edges { cursor node { id } } pageInfo { startCursor } } }"
    )
    assert result.errors is None
    assert result.data == {
        "things": {
            "totalCount": 1,
            "edges": [{"cursor": "a", "node": {"id": "a"}}],
            "pageInfo": {"startCursor": "a"},
        }
    }
