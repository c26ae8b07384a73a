"""Tutor cursors (the kit's format, kind `tutor`, keyed by the tutor id they follow)."""

from __future__ import annotations

import re
from typing import Final

from shared.subgraph.pagination import bad_cursor, decode_cursor, encode_cursor

__all__ = ["subject_cursor", "subject_key", "tutor_cursor", "tutor_key"]

# The ids tutors gives out: tutor-0001 (seed) and tutor-<32 hex> (created profiles).
_TUTOR_ID: Final = re.compile(r"tutor-[A-Za-z0-9_-]{1,64}")
_SUBJECT_ID: Final = re.compile(r"[A-Za-z0-9_-]{1,64}")


def tutor_cursor(tutor_id: str) -> str:
    return encode_cursor("tutor", tutor_id)


def tutor_key(cursor: str | None, argument: str = "after") -> str | None:
    """The tutor id a cursor of ours stands for; anything else, including a well-formed cursor
    around an id tutors never gives out, is the client's mistake (not a first page)."""
    if cursor is None:
        return None
    key = decode_cursor(cursor, "tutor", argument=argument)
    if len(key) != 1 or not isinstance(key[0], str) or _TUTOR_ID.fullmatch(key[0]) is None:
        raise bad_cursor(argument)
    return key[0]


def subject_cursor(name: str, subject_id: str) -> str:
    return encode_cursor("subject", name, subject_id)


def subject_key(cursor: str | None, argument: str = "after") -> tuple[str, str] | None:
    """The (name, id) a subject cursor of ours stands for, in the order `subjects` lists them."""
    if cursor is None:
        return None
    key = decode_cursor(cursor, "subject", argument=argument)
    if len(key) != 2 or not all(isinstance(part, str) for part in key):
        raise bad_cursor(argument)
    name, subject_id = str(key[0]), str(key[1])
    if _SUBJECT_ID.fullmatch(subject_id) is None:
        raise bad_cursor(argument)
    return name, subject_id
