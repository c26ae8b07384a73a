"""Cursor-pagination pieces every subgraph shares: `PageInfo` and the bounds of `first`."""

from __future__ import annotations

from typing import Final

import strawberry

__all__ = ["DEFAULT_FIRST", "MAX_FIRST", "PageInfo"]

# The federation conventions fix these for every connection (above MAX_FIRST is BAD_USER_INPUT).
DEFAULT_FIRST: Final = 20
MAX_FIRST: Final = 100


# Composition requires every subgraph's PageInfo to be identical, so there is one definition.
@strawberry.federation.type(shareable=True)
class PageInfo:
    has_next_page: bool
    end_cursor: str | None
