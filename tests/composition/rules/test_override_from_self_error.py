"""OVERRIDE_FROM_SELF_ERROR: @override naming the subgraph itself."""

from __future__ import annotations

from tests.composition.helpers import codes, compose_errors, fed2


def test_override_from_self_error_reported_for_override_naming_the_subgraph() -> None:
    errors = compose_errors(
        a=fed2(
            """
            type Query { t: T }
            type T @key(fields: "id") { id: ID! name: String @override(from: "a") }
            """
        ),
    )
    assert "OVERRIDE_FROM_SELF_ERROR" in codes(errors)
    messages = [e.message for e in errors if e.code == "OVERRIDE_FROM_SELF_ERROR"]
    assert any('Source and destination subgraphs "a" are the same' in m for m in messages)
