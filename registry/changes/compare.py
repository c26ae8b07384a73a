"""Pairing old and new elements, and the loose equalities graphql-inspector compares them with."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from graphql import DirectiveNode

__all__ = [
    "Named",
    "Pairing",
    "is_default_reason",
    "is_deprecated",
    "pair_by_name",
    "pair_directives",
    "pair_named_maps",
    "quote",
    "texts_differ",
]

DEFAULT_DEPRECATION_REASON = "No longer supported"


class Named(Protocol):
    @property
    def name(self) -> str: ...


T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Pairing(Generic[T]):
    """Elements only in the old version, only in the new one, and in both (old, new)."""

    removed: tuple[T, ...]
    added: tuple[T, ...]
    mutual: tuple[tuple[T, T], ...]


N = TypeVar("N", bound=Named)


def pair_by_name(old: Iterable[N], new: Iterable[N]) -> Pairing[N]:
    """Pair elements that have the same name; names are unique on each side."""
    olds = {item.name: item for item in old}
    news = {item.name: item for item in new}
    return Pairing(
        removed=tuple(item for name, item in olds.items() if name not in news),
        added=tuple(item for name, item in news.items() if name not in olds),
        mutual=tuple((item, news[name]) for name, item in olds.items() if name in news),
    )


def pair_named_maps(old: Mapping[str, T], new: Mapping[str, T]) -> Pairing[tuple[str, T]]:
    """`pair_by_name` for graphql-core's name → element maps (fields, arguments, values)."""
    return Pairing(
        removed=tuple((name, item) for name, item in old.items() if name not in new),
        added=tuple((name, item) for name, item in new.items() if name not in old),
        mutual=tuple(
            ((name, item), (name, new[name])) for name, item in old.items() if name in new
        ),
    )


def pair_directives(
    old: Sequence[DirectiveNode], new: Sequence[DirectiveNode]
) -> Pairing[DirectiveNode]:
    """Pair applied directives: a name may repeat, so the n-th use of a name in the old list
    pairs with the n-th use of it in the new list, and the surplus on either side is removed
    or added."""
    new_by_name: dict[str, list[DirectiveNode]] = {}
    for node in new:
        new_by_name.setdefault(node.name.value, []).append(node)
    old_by_name: dict[str, list[DirectiveNode]] = {}
    for node in old:
        old_by_name.setdefault(node.name.value, []).append(node)
    removed: list[DirectiveNode] = []
    mutual: list[tuple[DirectiveNode, DirectiveNode]] = []
    for node in old:
        candidates = new_by_name.get(node.name.value)
        if candidates:
            mutual.append((node, candidates.pop(0)))
        else:
            removed.append(node)
    added: list[DirectiveNode] = []
    for node in new:
        previous = old_by_name.get(node.name.value)
        if previous:
            previous.pop(0)
        else:
            added.append(node)
    return Pairing(removed=tuple(removed), added=tuple(added), mutual=tuple(mutual))


def texts_differ(old: str | None, new: str | None) -> bool:
    """Descriptions and reasons differ unless equal, where missing and empty count as equal."""
    return old != new and bool(old or new)


def is_default_reason(reason: str | None) -> bool:
    """No reason, or the one `@deprecated` gives when none is written."""
    return reason is None or reason == DEFAULT_DEPRECATION_REASON


def is_deprecated(reason: str | None, directives: Sequence[DirectiveNode]) -> bool:
    """Deprecated with a reason, or by `@deprecated(reason: null)` (which leaves none)."""
    return reason is not None or any(node.name.value == "deprecated" for node in directives)


def quote(text: str | None) -> str:
    """A description or reason inside a message: one line, quoted."""
    if text is None:
        return "none"
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'
