"""The one `PageInfo` every subgraph's connections use prints as the federation conventions fix."""

from __future__ import annotations

import strawberry

from shared.subgraph import build_schema
from shared.subgraph.pagination import DEFAULT_FIRST, MAX_FIRST, PageInfo


@strawberry.type
class _Query:
    @strawberry.field
    def page(self) -> PageInfo:
        return PageInfo(has_next_page=True, end_cursor="abc")


def test_page_info_prints_shareable_with_fields_in_convention_order() -> None:
    sdl = build_schema(query=_Query).as_str()
    assert "type PageInfo @shareable {\n  hasNextPage: Boolean!\n  endCursor: String\n}" in sdl


def test_page_info_resolves_both_fields() -> None:
    result = build_schema(query=_Query).execute_sync("{ page { hasNextPage endCursor } }")
    assert result.errors is None
    assert result.data == {"page": {"hasNextPage": True, "endCursor": "abc"}}


def test_first_bounds_match_the_conventions() -> None:
    assert (DEFAULT_FIRST, MAX_FIRST) == (20, 100)
