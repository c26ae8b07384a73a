"""The committed SDL is what the subgraph serves; the CLI prints the same."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from subgraphs.payments.schema import schema, sdl

SDL_FILE = Path(__file__).parents[3] / "schema" / "subgraphs" / "payments.graphql"


def test_committed_sdl_is_current() -> None:
    assert SDL_FILE.read_text() == sdl() + "\n", (
        "schema/subgraphs/payments.graphql is stale: "
        "uv run python -m subgraphs.payments sdl > schema/subgraphs/payments.graphql"
    )


def test_sdl_declares_the_entities_and_what_checkouts_require() -> None:
    text = sdl()
    for entity in ("Booking", "Course", "Payment", "Tutor", "User"):
        assert f'type {entity} @key(fields: "id")' in text
    assert (
        '@requires(fields: "start end status student { id } tutor { id hourlyRate { amount '
        'currency } }")' in text
    )
    assert '@requires(fields: "price { amount currency } published tutor { id }")' in text
    assert "ledgerReconciliation: LedgerReconciliation! @requiresScopes" in text
    assert text == schema.as_str()


def test_cli_prints_the_sdl() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "subgraphs.payments", "sdl"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout == sdl() + "\n"
