"""Free lessons to book, found through the gateway, each handed out once.

Booking the same slot twice is a CONFLICT, so a load that repeated one request would measure
the exclusion constraint refusing it. Instead every booking request takes a lesson nobody has
taken: the free time of every tutor (`Tutor.availability`, weekly rules minus confirmed
bookings) over the coming weeks, cut into 30-minute lessons on the 15-minute grid, dealt out
one tutor after another so that concurrent requests book different tutors.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from bench.platform.flows import Line, book_line, iso

__all__ = ["BookingPool", "Lesson", "free_lessons", "lessons_in"]

LESSON = dt.timedelta(minutes=30)
_GRID = dt.timedelta(minutes=15)
_WINDOW = dt.timedelta(days=28)  # availability windows may span at most 31 days
_PAGE = 50

FREE = """query Free($first: Int!, $after: String, $from: DateTime!, $to: DateTime!) {
  tutors(first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { id availability(from: $from, to: $to) { start end } } }
  }
}"""

Ask = Callable[[str, dict[str, Any]], Any]


@dataclass(frozen=True, slots=True, kw_only=True)
class Lesson:
    tutor_id: str
    start: dt.datetime
    end: dt.datetime


def lessons_in(start: dt.datetime, end: dt.datetime) -> list[tuple[dt.datetime, dt.datetime]]:
    """Back-to-back 30-minute lessons inside [start, end), starting on the 15-minute grid."""
    epoch = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    offset = (start - epoch) % _GRID
    at = start if not offset else start + (_GRID - offset)
    found = []
    while at + LESSON <= end:
        found.append((at, at + LESSON))
        at += LESSON
    return found


def free_lessons(ask: Ask, *, now: dt.datetime, weeks: int) -> list[Lesson]:
    """Every free 30-minute lesson of every tutor from the day after tomorrow on, `weeks` weeks
    of them, dealt round-robin over the tutors."""
    first_day = now.astimezone(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    start = first_day + dt.timedelta(days=2)
    stop = start + dt.timedelta(weeks=weeks)
    per_tutor: dict[str, list[Lesson]] = {}
    while start < stop:
        end = min(start + _WINDOW, stop)
        after: str | None = None
        while True:
            variables = {"first": _PAGE, "after": after, "from": iso(start), "to": iso(end)}
            page = ask(FREE, variables)["tutors"]
            for edge in page["edges"]:
                tutor = edge["node"]["id"]
                for slot in edge["node"]["availability"]:
                    free = lessons_in(
                        dt.datetime.fromisoformat(slot["start"]),
                        dt.datetime.fromisoformat(slot["end"]),
                    )
                    per_tutor.setdefault(tutor, []).extend(
                        Lesson(tutor_id=tutor, start=a, end=b) for a, b in free
                    )
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
        start = end
    dealt = itertools.zip_longest(*per_tutor.values())
    return [lesson for turn in dealt for lesson in turn if lesson is not None]


class BookingPool:
    """The lessons still free, each taken once, booked by the signed-in students in turn."""

    def __init__(self, lessons: Sequence[Lesson], tokens: Sequence[str]) -> None:
        self._lines = [
            book_line(lesson.tutor_id, lesson.start, lesson.end, tokens[n % len(tokens)])
            for n, lesson in enumerate(lessons)
        ]
        self._next = 0

    @property
    def size(self) -> int:
        return len(self._lines)

    @property
    def remaining(self) -> int:
        return len(self._lines) - self._next

    def take(self, n: int) -> list[Line]:
        """The next `n` lessons (fewer when the pool runs out)."""
        taken = self._lines[self._next : self._next + n]
        self._next += len(taken)
        return taken

    def rest(self) -> list[Line]:
        """Every lesson not taken yet, for a load run; `used` says how many it took."""
        return self._lines[self._next :]

    def used(self, n: int) -> None:
        self._next = min(len(self._lines), self._next + n)
