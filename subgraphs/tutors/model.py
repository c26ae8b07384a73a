"""Plain data the store hands to the schema: tutors, subjects, teaching levels and matches."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

__all__ = [
    "Level",
    "MatchRecord",
    "Page",
    "ProfileChanges",
    "SubjectRecord",
    "TaughtSubject",
    "Teaching",
    "TutorFilterSpec",
    "TutorRecord",
]


class Level(enum.Enum):
    """The highest level a tutor teaches a subject at; the value orders the levels."""

    BEGINNER = 1
    INTERMEDIATE = 2
    ADVANCED = 3
    EXPERT = 4


# Money is exact: amounts are Decimals with two places, in the currency next to them.
CENT: Final = Decimal("0.01")


@dataclass(frozen=True, slots=True, kw_only=True)
class TutorRecord:
    id: str
    user_id: str
    headline: str
    bio: str
    rate_amount: Decimal  # exact, at most two decimals
    rate_currency: str
    languages: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class SubjectRecord:
    id: str
    name: str
    category: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Teaching:
    """One TEACHES edge: a subject a tutor teaches, up to `level`."""

    subject_id: str
    level: Level


@dataclass(frozen=True, slots=True, kw_only=True)
class TaughtSubject:
    """A subject a tutor teaches, up to `level`: a TEACHES edge read with the subject it ends at."""

    subject: SubjectRecord
    level: Level


@dataclass(frozen=True, slots=True, kw_only=True)
class TutorFilterSpec:
    """Validated tutor search criteria; None means "any"."""

    subject_id: str | None = None
    language: str | None = None
    max_rate: Decimal | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Page:
    """One page of tutors ordered by id, with the total matching the filter."""

    tutors: tuple[TutorRecord, ...]
    has_next_page: bool
    total_count: int


@dataclass(frozen=True, slots=True, kw_only=True)
class MatchRecord:
    """A ranked tutor: `distance` hops from the wanted one to `subject`, taught to `level`."""

    tutor: TutorRecord
    distance: int
    subject: SubjectRecord
    level: Level


@dataclass(frozen=True, slots=True, kw_only=True)
class ProfileChanges:
    """The validated fields of a profile write; None leaves a field as it is."""

    headline: str | None = None
    bio: str | None = None
    rate_amount: Decimal | None = None
    rate_currency: str | None = None
    languages: tuple[str, ...] | None = None
