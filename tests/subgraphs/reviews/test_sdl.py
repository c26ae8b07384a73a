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
    for entity in ("Review", "Tutor", "User"):
        assert f'type {entity} @key(fields: "id")' in text
    parsed = schema._schema
    tutor = parsed.type_map["Tutor"]
    assert set(tutor.fields) == {"id", "reviews", "rating"}  # type: ignore[attr-defined]
    # The SDL is valid GraphQL on its own once the federation directives are declared.
    prelude = "directive @key(fields: String!) repeatable on OBJECT\n"
    prelude += "directive @shareable on OBJECT | FIELD_DEFINITION\n"
    prelude += "directive @link(url: String!, import: [String]) repeatable on SCHEMA\n"
    prelude += "directive @authenticated on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM\n"
    parse_sdl(prelude + text)
