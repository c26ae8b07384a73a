"""The committed SDL is what the subgraph serves, and follows the supergraph's conventions."""

from __future__ import annotations

from pathlib import Path

from subgraphs.accounts.schema import schema, sdl

SDL_FILE = Path(__file__).resolve().parents[3] / "schema" / "subgraphs" / "accounts.graphql"
REGENERATE = "uv run python -m subgraphs.accounts sdl > schema/subgraphs/accounts.graphql"


def test_committed_sdl_is_current() -> None:
    assert SDL_FILE.read_text() == sdl(), (
        f"schema/subgraphs/accounts.graphql is stale: {REGENERATE}"
    )


async def test_sdl_is_what_service_field_returns() -> None:
    result = await schema.execute("{ _service { sdl } }")
    assert result.data is not None
    assert result.data["_service"]["sdl"].rstrip("\n") == sdl().rstrip("\n")


def test_sdl_declares_user_key_and_shared_page_info_exactly() -> None:
    text = sdl()
    assert 'type User @key(fields: "id") {' in text
    assert (
        "type PageInfo @shareable {\n  hasNextPage: Boolean!\n  hasPreviousPage: Boolean!\n"
        "  startCursor: String\n  endCursor: String\n}"
    ) in text
    assert "enum Role {\n  STUDENT\n  TUTOR\n  ADMIN\n}" in text
    assert "federation/v2.7" in text
