"""Every argument tutors parses (ids, cursors, page sizes, filters, profile input), given a bad
value, is BAD_USER_INPUT naming that argument; a cursor that decodes to an id tutors never
gives out is refused, not read as the first page."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import pytest

from shared.subgraph.pagination import encode_cursor
from subgraphs.tutors.app import build_app
from subgraphs.tutors.seed import seed
from subgraphs.tutors.settings import Settings
from subgraphs.tutors.store import TutorStore
from tests.subgraphs.sweep import BadInput, assert_names_argument, call
from tests.subgraphs.tutors.helpers import NEW_TUTOR, OWNER
from tests.support.servers import serve_in_thread

pytestmark = pytest.mark.stores

TUTORS = """query($first: Int!, $after: String, $filter: TutorFilter) {
  tutors(first: $first, after: $after, filter: $filter) { edges { node { id } } } }"""
SUBJECT_TUTORS = """query($first: Int!, $after: String) {
  subject(id: "subject-algebra") { tutors(first: $first, after: $after) { totalCount } } }"""
MATCH = """query($subject: ID!, $maxRate: Decimal, $language: String, $first: Int!) {
  matchTutors(subject: $subject, maxRate: $maxRate, language: $language, first: $first) {
    distance } }"""
UPDATE = "mutation($input: UpdateTutorProfileInput!) { updateTutorProfile(input: $input) { id } }"
CREATE = "mutation($input: CreateTutorProfileInput!) { createTutorProfile(input: $input) { id } }"
SUBJECTS = """mutation($tutorId: ID!, $subjects: [TutorSubjectInput!]!) {
  setTutorSubjects(tutorId: $tutorId, subjects: $subjects) { id } }"""


def cursor(text: str) -> str:
    """A tutor cursor around the id after `tutor:`, else `text` in base64 (not a cursor)."""
    if text.startswith("tutor:"):
        return encode_cursor("tutor", text.removeprefix("tutor:"))
    return base64.urlsafe_b64encode(text.encode()).decode()


def page(first: int = 5, after: str | None = None, **flt: object) -> dict[str, object]:
    return {"first": first, "after": after, "filter": flt or None}


def match(subject: str = "subject-algebra", **extra: object) -> dict[str, object]:
    return {"subject": subject, "maxRate": None, "language": None, "first": 5, **extra}


def update(**fields: object) -> dict[str, object]:
    return {"input": {"tutorId": "tutor-0001", **fields}}


def profile(**fields: object) -> dict[str, object]:
    base = {"headline": "H", "bio": "B", "hourlyRate": {"amount": 30, "currency": "EUR"}}
    return {"input": {**base, "languages": ["en"], **fields}}


def subjects(*items: dict[str, object], tutor: str = "tutor-0001") -> dict[str, object]:
    return {"tutorId": tutor, "subjects": [{"level": "BEGINNER", **i} for i in items]}


CASES = [
    BadInput(query=TUTORS, variables=page(first=-1), argument="first"),
    BadInput(query=TUTORS, variables=page(first=101), argument="first"),
    BadInput(query=TUTORS, variables=page(after="%%% not base64"), argument="after"),
    BadInput(query=TUTORS, variables=page(after=cursor("nope")), argument="after"),
    # Decodes fine, but to ids tutors never issues: once silently the first page.
    BadInput(query=TUTORS, variables=page(after=cursor("tutor:!!bad")), argument="after"),
    BadInput(query=TUTORS, variables=page(after=cursor("tutor:")), argument="after"),
    BadInput(query=TUTORS, variables=page(after=cursor("tutor:user-0001")), argument="after"),
    BadInput(query=TUTORS, variables=page(after="x" * 500), argument="after"),
    BadInput(query=TUTORS, variables=page(language="english"), argument="filter.language"),
    BadInput(query=TUTORS, variables=page(maxRate=-1), argument="filter.maxRate"),
    BadInput(query=TUTORS, variables=page(subject=""), argument="filter.subject"),
    BadInput(query=SUBJECT_TUTORS, variables={"first": 500, "after": None}, argument="first"),
    BadInput(
        query=SUBJECT_TUTORS,
        variables={"first": 5, "after": cursor("tutor:../x")},
        argument="after",
    ),
    BadInput(query=MATCH, variables=match("subject-nope"), argument="subject"),
    BadInput(query=MATCH, variables=match(""), argument="subject"),
    BadInput(query=MATCH, variables=match(language="EN"), argument="language"),
    BadInput(query=MATCH, variables=match(maxRate=-5.0), argument="maxRate"),
    BadInput(query=MATCH, variables=match(first=1000), argument="first"),
    BadInput(
        query=UPDATE, variables=update(headline="  "), argument="input.headline", viewer=OWNER
    ),
    BadInput(query=UPDATE, variables=update(bio="x" * 2001), argument="input.bio", viewer=OWNER),
    BadInput(
        query=UPDATE,
        variables=update(hourlyRate={"amount": 0, "currency": "USD"}),
        argument="input.hourlyRate.amount",
        viewer=OWNER,
    ),
    BadInput(
        query=UPDATE,
        variables=update(hourlyRate={"amount": 10, "currency": "usd"}),
        argument="input.hourlyRate.currency",
        viewer=OWNER,
    ),
    BadInput(
        query=UPDATE,
        variables=update(languages=["en", "en"]),
        argument="input.languages",
        viewer=OWNER,
    ),
    BadInput(
        query=UPDATE,
        variables=update(languages=["en", "zz"]),
        argument="input.languages[1]",
        viewer=OWNER,
    ),
    BadInput(
        query=UPDATE,
        variables={"input": {"tutorId": "tutor-nope"}},
        argument="input.tutorId",
        viewer=OWNER,
    ),
    BadInput(
        query=UPDATE, variables={"input": {"tutorId": ""}}, argument="input.tutorId", viewer=OWNER
    ),
    BadInput(
        query=CREATE, variables=profile(bio="bell\x07"), argument="input.bio", viewer=NEW_TUTOR
    ),
    BadInput(
        query=CREATE, variables=profile(languages=[]), argument="input.languages", viewer=NEW_TUTOR
    ),
    BadInput(
        query=SUBJECTS,
        variables=subjects({"subjectId": ""}),
        argument="subjects[0].subjectId",
        viewer=OWNER,
    ),
    BadInput(
        query=SUBJECTS,
        variables=subjects({"subjectId": "subject-algebra"}, {"subjectId": "subject-nope"}),
        argument="subjects",
        viewer=OWNER,
    ),
    BadInput(
        query=SUBJECTS,
        variables=subjects({"subjectId": "subject-algebra"}, {"subjectId": "subject-algebra"}),
        argument="subjects",
        viewer=OWNER,
    ),
    BadInput(
        query=SUBJECTS, variables=subjects(tutor="tutor-nope"), argument="tutorId", viewer=OWNER
    ),
]


@pytest.fixture(scope="module")
async def seeded(session_store: TutorStore) -> TutorStore:
    # Seeded once: every case is refused before anything is written.
    await seed(session_store)
    return session_store


@pytest.fixture(scope="module")
def url(seeded: TutorStore, gateway_secret: str) -> Iterator[str]:
    with serve_in_thread(build_app(Settings.from_env(), secret=gateway_secret)) as base:
        yield f"{base}/graphql"


@pytest.mark.parametrize("case", CASES, ids=[f"{n}-{c.argument}" for n, c in enumerate(CASES)])
def test_a_bad_argument_is_bad_user_input_naming_it(
    url: str, gateway_secret: str, case: BadInput
) -> None:
    assert_names_argument(call(url, gateway_secret, case), case.argument)


def test_a_cursor_we_issued_still_pages(url: str, gateway_secret: str) -> None:
    first = call(url, gateway_secret, BadInput(query=TUTORS, variables=page(first=2), argument=""))
    ids = [e["node"]["id"] for e in first["data"]["tutors"]["edges"]]
    after = cursor(f"tutor:{ids[-1]}")
    second = call(
        url,
        gateway_secret,
        BadInput(query=TUTORS, variables=page(first=2, after=after), argument=""),
    )
    assert next(e["node"]["id"] for e in second["data"]["tutors"]["edges"]) > ids[-1]
