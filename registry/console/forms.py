"""The parts of the console's GET forms: query parameters read into values (a value that cannot
be one is left out and named), `<option>` lists, the "Ignored: …" notice, and links to the same
page with some parameters changed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeVar
from urllib.parse import urlencode

from registry.console.layout import e

__all__ = ["choice", "id_value", "ignored_notice", "link", "options", "text_value"]

S = TypeVar("S", bound=str)

# Ids are PostgreSQL bigints.
_MAX_ID = 2**63 - 1


def text_value(value: str | None, name: str, ignored: list[str], *, limit: int) -> str | None:
    """`value`, or None when absent or empty; too long or not printable: None, and named."""
    if value is None or value == "":
        return None
    if len(value) > limit or not value.isprintable():
        ignored.append(f"{name} (at most {limit} printable characters)")
        return None
    return value


def id_value(value: str | None, name: str, what: str, ignored: list[str]) -> int | None:
    """A row id (a positive bigint) such as a paging cursor; anything else is None, and named."""
    if value is None or value == "":
        return None
    # isdigit alone takes other scripts' digits, which int() would read.
    if value.isascii() and value.isdigit() and 0 < int(value) <= _MAX_ID:
        return int(value)
    ignored.append(f"{name} ({what})")
    return None


def choice(value: str | None, name: str, allowed: Sequence[S], ignored: list[str]) -> S | None:
    """One of `allowed`, or None when absent or empty; anything else is None, and named."""
    if value is None or value == "":
        return None
    for item in allowed:
        if item == value:
            return item
    ignored.append(f"{name} (one of {', '.join(allowed)})")
    return None


def options(values: Sequence[tuple[str, str]], chosen: str) -> str:
    """`<option>`s of (value, text) pairs, `chosen` selected."""
    return "".join(
        f'<option value="{e(value)}"{" selected" if value == chosen else ""}>{e(text)}</option>'
        for value, text in values
    )


def ignored_notice(ignored: Sequence[str]) -> str:
    """What the page says of the parameters it left out (nothing when none were)."""
    if not ignored:
        return ""
    return f'<p role="status">Ignored: {e(", ".join(ignored))}.</p>'


def link(path: str, params: Mapping[str, str | int | None]) -> str:
    """`path` with the parameters that have a value, for an `href` (escape it there)."""
    kept = {key: str(value) for key, value in params.items() if value is not None}
    return f"{path}?{urlencode(kept)}" if kept else path
