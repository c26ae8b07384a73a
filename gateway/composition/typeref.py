"""Type references written as GraphQL strings (`[User!]!`) and the relations between them."""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["base_name", "is_list", "is_non_null", "is_strict_subtype", "nullable", "of_type"]


def is_non_null(t: str) -> bool:
    return t.endswith("!")


def nullable(t: str) -> str:
    return t[:-1] if t.endswith("!") else t


def is_list(t: str) -> bool:
    return nullable(t).startswith("[")


def of_type(t: str) -> str:
    """The element type of a (possibly non-null) list type."""
    inner = nullable(t)
    assert inner.startswith("[")
    assert inner.endswith("]")
    return inner[1:-1]


def base_name(t: str) -> str:
    return t.replace("[", "").replace("]", "").replace("!", "")


def is_strict_subtype(
    general: str, specific: str, is_named_subtype: Callable[[str, str], bool]
) -> bool:
    """Whether `specific` may be returned where `general` is declared (Apollo's default rules:
    a named subtype, a non-null of a subtype, or a list of subtypes), excluding equality."""
    if general == specific:
        return False
    return _subtype_or_equal(general, specific, is_named_subtype)


def _subtype_or_equal(general: str, specific: str, named: Callable[[str, str], bool]) -> bool:
    if general == specific:
        return True
    if is_non_null(specific) and not is_non_null(general):
        return _subtype_or_equal(general, nullable(specific), named)
    if is_non_null(general):
        if not is_non_null(specific):
            return False
        return _subtype_or_equal(nullable(general), nullable(specific), named)
    if is_list(general):
        return is_list(specific) and _subtype_or_equal(of_type(general), of_type(specific), named)
    if is_list(specific):
        return False
    return named(general, specific)
