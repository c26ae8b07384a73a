"""The committed SDL is what the subgraph serves; the CLI prints the same; the types it shares
with other subgraphs are declared exactly as they declare them."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from subgraphs.learning.schema import schema, sdl

SCHEMAS = Path(__file__).parents[3] / "schema" / "subgraphs"
SDL_FILE = SCHEMAS / "learning.graphql"


def test_committed_sdl_is_current() -> None:
    assert SDL_FILE.read_text() == sdl() + "\n", (
        "schema/subgraphs/learning.graphql is stale: "
        "uv run python -m subgraphs.learning sdl > schema/subgraphs/learning.graphql"
    )


def test_sdl_is_the_service_sdl_with_federation_keys() -> None:
    text = sdl()
    for entity in ("Course", "Enrollment", "Tutor", "Subject", "User"):
        assert f'type {entity} @key(fields: "id") {{' in text
    assert 'type Payment @key(fields: "id", resolvable: false) {\n  id: ID!\n}' in text
    assert "enrollInCourse(receipt: String!): Enrollment!\n" in text
    assert "completeLesson(courseId: ID!, lessonId: ID!): Enrollment! @authenticated" in text
    create = 'createCourse(input: CreateCourseInput!): Course! @requiresScopes(scopes: [["tutor"]'
    assert create in text
    assert "enrollments(first: Int! = 20, after: String = null): EnrollmentConnection! " in text
    assert "enrollment(courseId: ID!): Enrollment @authenticated" in text
    assert text == schema.as_str()


def _block(text: str, header: str) -> str:
    """The definition starting at `header` (with its description), up to its closing brace."""
    match = re.search(r'(?:"""[^"]*"""\n)?' + re.escape(header) + r" \{[^}]*\}", text)
    assert match is not None, header
    return match.group(0)


def test_subject_level_is_the_tutors_subgraphs_enum() -> None:
    tutors = (SCHEMAS / "tutors.graphql").read_text()
    assert _block(sdl(), "enum SubjectLevel") == _block(tutors, "enum SubjectLevel")


def test_cli_prints_the_sdl() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "subgraphs.learning", "sdl"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout == sdl() + "\n"
