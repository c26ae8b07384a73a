"""The flows the platform benchmark measures, as GraphQL documents and the requests that run them.

Every request is a `Line`: an optional bearer token and a JSON body. A flow makes as many lines
as asked for; the read-only flows cycle through seed data (students, subjects, tutors) so that
requests differ as a real mix would, and booking takes each free lesson once (`slots.py`).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from shared.seed import SEED_PASSWORD, students
from shared.seed import tutors as seed_tutors
from subgraphs.tutors.catalog import SUBJECTS

__all__ = [
    "BOOK",
    "MATCH",
    "PROFILE",
    "SIGN_IN",
    "Flow",
    "Line",
    "book_line",
    "cycling",
    "iso",
    "match_lines",
    "profile_lines",
    "profile_window",
    "sign_in_lines",
]

REPO = Path(__file__).resolve().parents[2]

SIGN_IN = """mutation SignIn($email: String!, $password: String!) {
  signIn(email: $email, password: $password) { token user { id displayName role } }
}"""

# What a search result card shows: the tutor, their name, rate and rating, and why they match.
MATCH = """query Match($subject: ID!, $level: SubjectLevel) {
  matchTutors(subject: $subject, level: $level, first: 10) {
    distance
    matchedLevel
    matchedSubject { name }
    tutor {
      id
      headline
      hourlyRate { amount currency }
      user { displayName }
      rating { average count }
    }
  }
}"""

# The showcase (docs/showcase.graphql): a tutor's profile across every subgraph and store.
PROFILE = (REPO / "docs" / "showcase.graphql").read_text(encoding="utf-8")

# What a booking confirmation shows.
BOOK = """mutation Book($input: BookLessonInput!) {
  bookLesson(input: $input) {
    id
    status
    start
    end
    tutor { id headline user { displayName } }
  }
}"""

_LEVELS = ("BEGINNER", "INTERMEDIATE", "ADVANCED")


@dataclass(frozen=True, slots=True, kw_only=True)
class Line:
    """One request: its body, and the token it sends as `Authorization: Bearer` (or none)."""

    body: str
    token: str | None = None


def _nothing(_: int) -> None:
    return None


@dataclass(frozen=True, slots=True, kw_only=True)
class Flow:
    key: str
    label: str
    what: str  # for the report: what one request asks
    take: Callable[[int], list[Line]]  # the next n requests (a booking request only once)
    for_load: Callable[[], list[Line]]  # the requests a load run sends, in turn
    sent: Callable[[int], None] = _nothing  # a load run sent the first n of `for_load`


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def _body(query: str, variables: Mapping[str, object]) -> str:
    return json.dumps({"query": query, "variables": variables}, separators=(",", ":"))


def cycling(key: str, label: str, what: str, make: Iterator[Line], *, distinct: int) -> Flow:
    """A flow over an endless iterator of requests, of which the first `distinct` differ."""

    def take(n: int) -> list[Line]:
        return list(itertools.islice(make, n))

    load = take(distinct)
    return Flow(key=key, label=label, what=what, take=take, for_load=lambda: load)


def sign_in_lines() -> Iterator[Line]:
    """Each seeded student in turn, with the seed password (every sign-in succeeds)."""
    for student in itertools.cycle(students()):
        yield Line(body=_body(SIGN_IN, {"email": student.email, "password": SEED_PASSWORD}))


def match_lines() -> Iterator[Line]:
    """Every subject of the skill graph at three levels, in turn."""
    for level, subject in itertools.cycle(itertools.product(_LEVELS, SUBJECTS)):
        yield Line(body=_body(MATCH, {"subject": subject.id, "level": level}))


def profile_window(now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """Next week, Monday to Monday (UTC): the availability a profile page shows."""
    today = now.astimezone(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    monday = today + dt.timedelta(days=7 - today.weekday())
    return monday, monday + dt.timedelta(days=7)


def profile_lines(now: dt.datetime) -> Iterator[Line]:
    """Every seeded tutor's profile in turn, with next week's availability."""
    start, end = profile_window(now)
    for tutor in itertools.cycle(seed_tutors()):
        yield Line(body=_body(PROFILE, {"id": tutor.id, "from": iso(start), "to": iso(end)}))


def book_line(tutor_id: str, start: dt.datetime, end: dt.datetime, token: str) -> Line:
    variables = {"input": {"tutorId": tutor_id, "start": iso(start), "end": iso(end)}}
    return Line(body=_body(BOOK, variables), token=token)
