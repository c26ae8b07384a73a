"""Checks on client input (page sizes, ids, new reviews) that raise BAD_USER_INPUT."""

from __future__ import annotations

import re
from typing import Final

from shared.errors import BadUserInput
from shared.subgraph.pagination import DEFAULT_FIRST, MAX_FIRST
from subgraphs.reviews.model import MAX_COMMENT_LENGTH, STARS

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "check_comment",
    "check_page_size",
    "check_rating",
    "check_tutor_id",
    "is_review_id",
    "is_tutor_id",
    "is_user_id",
]

DEFAULT_PAGE_SIZE: Final = DEFAULT_FIRST
MAX_PAGE_SIZE: Final = MAX_FIRST
# Ids are short ASCII slugs ("tutor-0001"); the bound keeps junk out of the unique index.
_TUTOR_ID: Final = re.compile(r"tutor-[A-Za-z0-9_-]{1,64}")
_REVIEW_ID: Final = re.compile(r"review-[A-Za-z0-9_-]{1,64}")
_USER_ID: Final = re.compile(r"user-[A-Za-z0-9_-]{1,64}")


def check_page_size(first: int) -> int:
    if not 0 <= first <= MAX_PAGE_SIZE:
        raise BadUserInput(
            f"`first` must be between 0 and {MAX_PAGE_SIZE}, got {first}", argument="first"
        )
    return first


def check_rating(rating: int) -> int:
    if rating not in STARS:
        raise BadUserInput(
            f"rating must be an integer from 1 to 5, got {rating}",
            field="rating",
            argument="input.rating",
        )
    return rating


def check_comment(comment: str) -> str:
    """The comment without surrounding whitespace; it must say something, briefly."""
    trimmed = comment.strip()
    if not trimmed:
        raise BadUserInput("comment must not be empty", field="comment", argument="input.comment")
    if len(trimmed) > MAX_COMMENT_LENGTH:
        raise BadUserInput(
            f"comment must be at most {MAX_COMMENT_LENGTH} characters, got {len(trimmed)}",
            field="comment",
            argument="input.comment",
        )
    if "\x00" in trimmed or not _encodable(trimmed):
        raise BadUserInput(
            "comment must be valid Unicode text without NUL",
            field="comment",
            argument="input.comment",
        )
    return trimmed


def _encodable(text: str) -> bool:
    # JSON may carry lone surrogates, which no store can encode as UTF-8.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_tutor_id(tutor_id: str) -> str:
    if not is_tutor_id(tutor_id):
        raise BadUserInput(
            "input.tutorId must look like `tutor-0001` (letters, digits, `-` or `_`)",
            field="tutorId",
            argument="input.tutorId",
        )
    return tutor_id


def is_review_id(value: str) -> bool:
    """Whether `value` could name a review; other strings are unknown ids, not errors."""
    return _REVIEW_ID.fullmatch(value) is not None


def is_tutor_id(value: str) -> bool:
    return _TUTOR_ID.fullmatch(value) is not None


def is_user_id(value: str) -> bool:
    return _USER_ID.fullmatch(value) is not None
