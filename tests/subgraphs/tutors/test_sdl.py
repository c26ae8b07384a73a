"""The committed SDL is what the subgraph serves; the CLI prints the same."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from subgraphs.tutors.schema import schema
from subgraphs.tutors.sdl import sdl

SDL_FILE = Path(__file__).parents[3] / "schema" / "subgraphs" / "tutors.graphql"


def test_committed_sdl_is_current() -> None:
    assert SDL_FILE.read_text() == sdl(), (
        "schema/subgraphs/tutors.graphql is stale: "
        "uv run python -m subgraphs.tutors sdl > schema/subgraphs/tutors.graphql"
    )


def test_sdl_declares_the_federation_contract() -> None:
    text = sdl()
    assert 'type Tutor @key(fields: "id")' in text
    assert 'type Subject @key(fields: "id")' in text
    assert 'type User @key(fields: "id", resolvable: false)' in text
    assert (
        "type PageInfo @shareable {\n  hasNextPage: Boolean!\n  hasPreviousPage: Boolean!\n"
        "  startCursor: String\n  endCursor: String\n}"
    ) in text
    assert text.rstrip("\n") == schema.as_str().rstrip("\n")


def test_cli_prints_the_sdl() -> None:
    printed = subprocess.run(
        [sys.executable, "-m", "subgraphs.tutors", "sdl"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert printed.stdout == sdl()
