"""INVALID_GRAPHQL: a subgraph SDL that does not parse."""

from __future__ import annotations

from tests.composition.helpers import codes, compose_errors, fed2


def test_invalid_graphql_reported_for_a_subgraph_sdl_that() -> None:
    errors = compose_errors(
        a=fed2(
            """
            type Query { a: }
            """
        ),
    )
    assert "INVALID_GRAPHQL" in codes(errors)
    messages = [e.message for e in errors if e.code == "INVALID_GRAPHQL"]
    assert any("Syntax Error" in m for m in messages)
