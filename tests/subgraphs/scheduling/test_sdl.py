"""The committed SDL is what the subgraph serves; the CLI prints the same."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from subgraphs.scheduling.schema import schema, sdl

SDL_FILE = Path(__file__).parents[3] / "schema" / "subgraphs" / "scheduling.graphql"


def test_committed_sdl_is_current() -> None:
    assert SDL_FILE.read_text() == sdl() + "\n", (
        "schema/subgraphs/scheduling.graphql is stale: "
        "uv run python -m subgraphs.scheduling sdl > schema/subgraphs/scheduling.graphql"
    )


def test_sdl_is_the_service_sdl_with_federation_keys() -> None:
    text = sdl()
    assert 'type Booking @key(fields: "id")' in text
    assert 'type Tutor @key(fields: "id")' in text
    assert 'type User @key(fields: "id")' in text
    assert "availability(from: DateTime!, to: DateTime!): [TimeSlot!]!" in text
    assert text == schema.as_str()


def test_cli_prints_the_sdl() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "subgraphs.scheduling", "sdl"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout == sdl() + "\n"
