"""Every argument scheduling parses (dates and times, ids, rules, windows), given a bad value,
is BAD_USER_INPUT naming that argument, on the field that took it, never a coercion error for
the whole operation or a misleading message."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from shared.stores import StoreUrls
from shared.subgraph.pagination import encode_cursor
from subgraphs.scheduling.app import build_app
from subgraphs.scheduling.settings import Settings
from subgraphs.scheduling.store import Store
from tests.subgraphs.scheduling.helpers import NOW, STUDENT, TUTOR_USER
from tests.subgraphs.sweep import BadInput, assert_names_argument, call
from tests.support.servers import serve_in_thread

pytestmark = pytest.mark.stores

AVAILABILITY = """query($from: DateTime!, $to: DateTime!) {
  _entities(representations: [{__typename: "Tutor", id: "tutor-0001"}]) {
    ... on Tutor { availability(from: $from, to: $to) { start } } } }"""
LITERAL_AVAILABILITY = """{
  _entities(representations: [{__typename: "Tutor", id: "tutor-0001"}]) {
    ... on Tutor { availability(from: "yesterday", to: "2026-12-08T00:00:00Z") { start } } } }"""
BOOKINGS = """query($from: DateTime, $to: DateTime) {
  _entities(representations: [{__typename: "User", id: "user-0300"}]) {
    ... on User { bookings(from: $from, to: $to) { totalCount } } } }"""
BOOKING_PAGE = """query($first: Int!, $after: String) {
  _entities(representations: [{__typename: "User", id: "user-0300"}]) {
    ... on User { bookings(first: $first, after: $after) { totalCount } } } }"""
BOOK = "mutation($input: BookLessonInput!) { bookLesson(input: $input) { id } }"
RULES = """mutation($tutorId: ID!, $rules: [AvailabilityRuleInput!]!) {
  setAvailability(tutorId: $tutorId, rules: $rules) { id } }"""
DEC = "2026-12-07T"


def window(start: object, end: object) -> dict[str, object]:
    return {"from": start, "to": end}


def lesson(start: object, end: object, tutor: str = "tutor-0001") -> dict[str, object]:
    return {"input": {"tutorId": tutor, "start": start, "end": end}}


def rules(*items: dict[str, object], tutor: str = "tutor-0001") -> dict[str, object]:
    base = {"weekday": "MONDAY", "startTime": "09:00:00", "endTime": "12:00:00"}
    return {
        "tutorId": tutor,
        "rules": [{**base, "timezone": "Europe/Berlin", **item} for item in items],
    }


CASES = [
    BadInput(
        query=BOOKING_PAGE,
        variables={"first": 101, "after": None},
        argument="first",
        viewer=STUDENT,
    ),
    BadInput(
        query=BOOKING_PAGE, variables={"first": -1, "after": None}, argument="first", viewer=STUDENT
    ),
    BadInput(
        query=BOOKING_PAGE,
        variables={"first": 5, "after": "nope"},
        argument="after",
        viewer=STUDENT,
    ),
    BadInput(
        query=BOOKING_PAGE,
        variables={"first": 5, "after": encode_cursor("booking", f"{DEC}09:00:00Z", "x y")},
        argument="after",
        viewer=STUDENT,
    ),
    BadInput(
        query=BOOKING_PAGE,
        variables={"first": 5, "after": encode_cursor("tutor", "tutor-0001")},
        argument="after",
        viewer=STUDENT,
    ),
    BadInput(query=LITERAL_AVAILABILITY, variables={}, argument="from"),
    BadInput(query=AVAILABILITY, variables=window("yesterday", f"{DEC}00:00:00Z"), argument="from"),
    BadInput(query=AVAILABILITY, variables=window(f"{DEC}00:00:00Z", 20261208), argument="to"),
    BadInput(
        query=AVAILABILITY, variables=window(f"{DEC}00:00:00", f"{DEC}09:00:00Z"), argument="from"
    ),
    BadInput(
        query=AVAILABILITY, variables=window(f"{DEC}09:00:00Z", f"{DEC}08:00:00Z"), argument="to"
    ),
    BadInput(
        query=AVAILABILITY,
        variables=window(f"{DEC}00:00:00Z", "2027-02-01T00:00:00Z"),
        argument="to",
    ),
    BadInput(
        query=AVAILABILITY,
        variables=window("0001-01-01T00:00:00Z", f"{DEC}00:00:00Z"),
        argument="from",
    ),
    BadInput(query=BOOKINGS, variables=window("soon", None), argument="from", viewer=STUDENT),
    BadInput(
        query=BOOKINGS,
        variables=window(None, "2026-02-30T00:00:00Z"),
        argument="to",
        viewer=STUDENT,
    ),
    # The lesson that ends before it starts: said so, not "between 30 and 180 minutes".
    BadInput(
        query=BOOK,
        variables=lesson(f"{DEC}10:00:00Z", f"{DEC}09:00:00Z"),
        argument="input.end",
        viewer=STUDENT,
    ),
    BadInput(
        query=BOOK,
        variables=lesson(f"{DEC}10:00:00Z", f"{DEC}10:00:00Z"),
        argument="input.end",
        viewer=STUDENT,
    ),
    BadInput(
        query=BOOK,
        variables=lesson("tomorrow", f"{DEC}10:00:00Z"),
        argument="input.start",
        viewer=STUDENT,
    ),
    BadInput(
        query=BOOK,
        variables=lesson(f"{DEC}09:00:00Z", "2026-13-01T00:00:00Z"),
        argument="input.end",
        viewer=STUDENT,
    ),
    BadInput(
        query=BOOK,
        variables=lesson(f"{DEC}09:05:00Z", f"{DEC}10:00:00Z"),
        argument="input.start",
        viewer=STUDENT,
    ),
    BadInput(
        query=BOOK,
        variables=lesson(f"{DEC}09:00:00Z", f"{DEC}09:50:00Z"),
        argument="input.end",
        viewer=STUDENT,
    ),
    BadInput(
        query=BOOK,
        variables=lesson(f"{DEC}09:00:00Z", f"{DEC}13:00:00Z"),
        argument="input.end",
        viewer=STUDENT,
    ),
    BadInput(
        query=BOOK,
        variables=lesson("2026-10-05T09:00:00Z", "2026-10-05T10:00:00Z"),
        argument="input.start",
        viewer=STUDENT,
    ),
    BadInput(
        query=BOOK,
        variables=lesson(f"{DEC}09:00:00Z", f"{DEC}10:00:00Z", "nobody"),
        argument="input.tutorId",
        viewer=STUDENT,
    ),
    BadInput(
        query=BOOK,
        variables=lesson(f"{DEC}09:00:00Z", f"{DEC}10:00:00Z"),
        argument="input.tutorId",
        viewer=TUTOR_USER,
    ),
    BadInput(
        query=RULES,
        variables=rules({"startTime": "9am"}),
        argument="rules[0].startTime",
        viewer=TUTOR_USER,
    ),
    BadInput(
        query=RULES,
        variables=rules({}, {"endTime": "25:00:00"}),
        argument="rules[1].endTime",
        viewer=TUTOR_USER,
    ),
    BadInput(
        query=RULES,
        variables=rules({"timezone": "Mars/Base"}),
        argument="rules[0].timezone",
        viewer=TUTOR_USER,
    ),
    BadInput(
        query=RULES,
        variables=rules({"startTime": "09:10:00"}),
        argument="rules[0].startTime",
        viewer=TUTOR_USER,
    ),
    BadInput(
        query=RULES,
        variables=rules({"startTime": "09:00:00+02:00"}),
        argument="rules[0].startTime",
        viewer=TUTOR_USER,
    ),
    BadInput(
        query=RULES,
        variables=rules({"endTime": "09:15:00"}),
        argument="rules[0].endTime",
        viewer=TUTOR_USER,
    ),
    BadInput(
        query=RULES,
        variables=rules({}, {"startTime": "11:00:00", "endTime": "13:00:00"}),
        argument="rules[1]",
        viewer=TUTOR_USER,
    ),
    BadInput(
        query=RULES, variables=rules({}, tutor="tutor-x"), argument="tutorId", viewer=TUTOR_USER
    ),
]


@pytest.fixture(scope="module")
def url(stores: StoreUrls, gateway_secret: str) -> Iterator[str]:
    app = build_app(Settings.from_env(), secret=gateway_secret, clock=lambda: NOW)
    with serve_in_thread(app) as base:
        yield f"{base}/graphql"


@pytest.mark.parametrize("case", CASES, ids=[f"{n}-{c.argument}" for n, c in enumerate(CASES)])
def test_a_bad_argument_is_bad_user_input_naming_it(
    url: str, gateway_secret: str, store: Store, case: BadInput
) -> None:
    assert_names_argument(call(url, gateway_secret, case), case.argument)
