"""A sort key approximating JavaScript's `localeCompare` (ICU root collation) on GraphQL names,
which is how Apollo orders the types and directives of a supergraph."""

from __future__ import annotations

__all__ = ["locale_key"]


def _primary(ch: str) -> int:
    if ch == "_":
        return 0
    if ch.isdigit():
        return 10 + int(ch)
    return 100 + ord(ch.lower())


def locale_key(name: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    # ICU compares letters case-insensitively first; on a tie lowercase sorts before uppercase.
    return tuple(_primary(c) for c in name), tuple(1 if c.isupper() else 0 for c in name)
