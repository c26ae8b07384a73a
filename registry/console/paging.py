"""Keyset paging of the console's long lists, newest first: a page starts after a cursor read
from the query (`before=<id>`: the page of ids below it; `after=<id>`: the page just above it),
and links to the pages next to it ("Newer", "Older") and back to the newest."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from registry.console.forms import id_value, link
from registry.console.layout import e

__all__ = ["Cursor", "Page", "cursor", "page_links", "page_of"]

T = TypeVar("T")
# (before, after, limit) → rows newest first, as the store's paged lists answer.
Fetch = Callable[[int | None, int | None, int], Awaitable[Sequence[T]]]


@dataclass(frozen=True, slots=True, kw_only=True)
class Cursor:
    """Where a page starts, and the query parameters that say it."""

    before: int | None
    after: int | None
    before_key: str
    after_key: str

    @property
    def params(self) -> dict[str, str | int | None]:
        return {self.before_key: self.before, self.after_key: self.after}


def cursor(
    query: Mapping[str, str],
    what: str,
    ignored: list[str],
    *,
    before_key: str = "before",
    after_key: str = "after",
) -> Cursor:
    """The cursor in `query` (`what`: "a version id"); a bad value is ignored and named, and
    so is `after` next to `before`."""
    before = id_value(query.get(before_key), before_key, what, ignored)
    after = id_value(query.get(after_key), after_key, what, ignored)
    if before is not None and after is not None:
        ignored.append(f"{after_key} (not with {before_key})")
        after = None
    return Cursor(before=before, after=after, before_key=before_key, after_key=after_key)


@dataclass(frozen=True, slots=True, kw_only=True)
class Page(Generic[T]):
    """One page of rows, newest first, and the cursors of the pages next to it."""

    rows: tuple[T, ...]
    newer: int | None  # `after` of the newer page: the newest row's id; None: this is newest
    older: int | None  # `before` of the older page; None: nothing is older
    first: bool  # no cursor: the newest page


async def page_of(
    fetch: Fetch[T],
    at: Cursor,
    size: int,
    key: Callable[[T], int],
) -> Page[T]:
    """The page at `at`, fetching one row more than `size` to know whether the list goes on
    that way, and one row the other way to know whether it goes on there."""
    rows = list(await fetch(at.before, at.after, size + 1))
    if at.after is not None:
        more_newer = len(rows) > size
        rows = rows[1:] if more_newer else rows
        more_older = bool(rows) and bool(await fetch(key(rows[-1]), None, 1))
    else:
        more_older = len(rows) > size
        rows = rows[:size]
        more_newer = (
            bool(rows) and at.before is not None and bool(await fetch(None, key(rows[0]), 1))
        )
    return Page(
        rows=tuple(rows),
        newer=key(rows[0]) if more_newer else None,
        older=key(rows[-1]) if more_older else None,
        first=at.before is None and at.after is None,
    )


def page_links(
    page: Page[T],
    at: Cursor,
    path: str,
    params: Mapping[str, str | int | None],
    label: str,
    anchor: str = "",
) -> str:
    """Links to the newer and older pages and to the newest, keeping `params` (the page's
    filters and other lists' cursors); `label` names the list ("versions"), `anchor` is the
    id the links scroll to."""
    fragment = f"#{anchor}" if anchor else ""
    links = []
    if page.newer is not None:
        href = link(path, {**params, at.before_key: None, at.after_key: page.newer}) + fragment
        links.append(f'<a href="{e(href)}" rel="prev">Newer {e(label)}</a>')
    if page.older is not None:
        href = link(path, {**params, at.before_key: page.older, at.after_key: None}) + fragment
        links.append(f'<a href="{e(href)}" rel="next">Older {e(label)}</a>')
    if not page.first:
        href = link(path, {**params, at.before_key: None, at.after_key: None}) + fragment
        links.append(f'<a href="{e(href)}">Newest {e(label)}</a>')
    if not links:
        return ""
    items = "".join(f"<li>{item}</li>" for item in links)
    return f'<nav aria-label="Pages of {e(label)}"><ul class="pages">{items}</ul></nav>'
