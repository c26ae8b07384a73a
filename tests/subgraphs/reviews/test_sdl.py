"""The committed SDL (schema/subgraphs/reviews.graphql) matches what the subgraph serves."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from graphql import build_schema as parse_sdl

from subgraphs.reviews.schema import schema, sdl
from tests.subgraphs.reviews.helpers import Api

pytestmark = pytest.mark.stores

EXPORTED = Path(__file__).parents[3] / "schema" / "subgraphs" / "reviews.graphql"
REFRESH = "uv run python -m subgraphs.reviews sdl > schema/subgraphs/reviews.graphql"


def test_exported_sdl_is_current() -> None:
    assert EXPORTED.read_text() == sdl() + "\n", f"stale SDL: run `{REFRESH}`"


async def test_service_sdl_is_the_exported_sdl(api: Api) -> None:
    body = await api.call("{ _service { sdl } }")
    assert body["data"]["_service"]["sdl"] + "\n" == EXPORTED.read_text()


def test_sdl_command_prints_the_exported_sdl() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "subgraphs.reviews", "sdl"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout == EXPORTED.read_text()


def test_sdl_follows_the_shared_federation_conventions() -> None:
    text = sdl()
    assert (
        "type PageInfo @shareable {\n  hasNextPage: Boolean!\n  hasPreviousPage: Boolean!\n"
        "  startCursor: String\n  endCursor: String\n}"
    ) in text
    for entity in ("Course", "Review", "Tutor", "User"):
        assert f'type {entity} @key(fields: "id")' in text
    parsed = schema._schema
    for owner in ("Tutor", "Course"):
        fields = parsed.type_map[owner].fields  # type: ignore[attr-defined]
        assert set(fields) == {"id", "reviews", "rating"}
        assert str(fields["rating"].type) == "RatingSummary!"
        assert str(fields["reviews"].type) == "ReviewConnection!"
        assert set(fields["reviews"].args) == {"first", "after"}
    review = parsed.type_map["Review"].fields  # type: ignore[attr-defined]
    # Existing fields keep their types; the target the review is not about is null.
    assert (str(review["tutor"].type), str(review["course"].type)) == ("Tutor", "Course")
    submit = parsed.type_map["SubmitReviewInput"].fields  # type: ignore[attr-defined]
    assert {name: str(f.type) for name, f in submit.items()} == {
        "tutorId": "ID!",
        "rating": "Int!",
        "comment": "String!",
    }
    course_input = parsed.type_map["ReviewCourseInput"].fields  # type: ignore[attr-defined]
    assert {name: str(f.type) for name, f in course_input.items()} == {
        "courseId": "ID!",
        "rating": "Int!",
        "comment": "String!",
    }
    assert "reviewCourse(input: ReviewCourseInput!): Review! @authenticated" in text
    # The SDL is valid GraphQL on its own once the federation directives are declared.
    prelude = "directive @key(fields: String!) repeatable on OBJECT\n"
    prelude += "directive @shareable on OBJECT | FIELD_DEFINITION\n"
    prelude += "directive @link(url: String!, import: [String]) repeatable on SCHEMA\n"
    prelude += "directive @authenticated on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM\n"
    parse_sdl(prelude + text)
