"""Checks on client input (page sizes, ids, cursors, new reviews) that raise BAD_USER_INPUT."""

from __future__ import annotations

import re
from typing import Final

from shared.subgraph.arguments import bad_argument
from shared.subgraph.pagination import TimestampCursors
from subgraphs.reviews.model import MAX_COMMENT_LENGTH, STARS

__all__ = [
    "REVIEW_CURSORS",
    "check_comment",
    "check_course_id",
    "check_rating",
    "check_tutor_id",
    "is_course_id",
    "is_review_id",
    "is_tutor_id",
    "is_user_id",
]

# Ids are short ASCII slugs ("tutor-0001"); the bound keeps junk out of the unique index.
_TUTOR_ID: Final = re.compile(r"tutor-[A-Za-z0-9_-]{1,64}")
_COURSE_ID: Final = re.compile(r"course-[A-Za-z0-9_-]{1,64}")
_REVIEW_ID: Final = re.compile(r"review-[A-Za-z0-9_-]{1,64}")
_USER_ID: Final = re.compile(r"user-[A-Za-z0-9_-]{1,64}")


def check_rating(rating: int) -> int:
    if rating not in STARS:
        raise bad_argument(
            "input.rating",
            f"input.rating must be an integer from 1 to 5, got {rating}",
        )
    return rating


def check_comment(comment: str) -> str:
    """The comment without surrounding whitespace; it must say something, briefly."""
    trimmed = comment.strip()
    if not trimmed:
        raise bad_argument("input.comment", "input.comment must not be empty")
    if len(trimmed) > MAX_COMMENT_LENGTH:
        raise bad_argument(
            "input.comment",
            f"input.comment must be at most {MAX_COMMENT_LENGTH} characters, got {len(trimmed)}",
        )
    if "\x00" in trimmed or not _encodable(trimmed):
        raise bad_argument("input.comment", "input.comment must be valid Unicode text without NUL")
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
        raise bad_argument(
            "input.tutorId",
            "input.tutorId must look like `tutor-0001` (letters, digits, `-` or `_`)",
        )
    return tutor_id


def check_course_id(course_id: str) -> str:
    if not is_course_id(course_id):
        raise bad_argument(
            "input.courseId",
            "input.courseId must look like `course-0001` (letters, digits, `-` or `_`)",
        )
    return course_id


def is_review_id(value: str) -> bool:
    """Whether `value` could name a review; other strings are unknown ids, not errors."""
    return _REVIEW_ID.fullmatch(value) is not None


def is_tutor_id(value: str) -> bool:
    return _TUTOR_ID.fullmatch(value) is not None


def is_course_id(value: str) -> bool:
    return _COURSE_ID.fullmatch(value) is not None


def is_user_id(value: str) -> bool:
    return _USER_ID.fullmatch(value) is not None


# Reviews page by (createdAt, id), newest first; a cursor around another id is not ours.
REVIEW_CURSORS: Final = TimestampCursors(kind="review", is_id=is_review_id)
