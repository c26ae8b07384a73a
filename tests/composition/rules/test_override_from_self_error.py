"""OVERRIDE_FROM_SELF_ERROR: @override naming the subgraph itself."""

from __future__ import annotations

from tests.composition.helpers import compose_errors, fed2, located


def test_override_from_self_error_reported_for_override_naming_the_subgraph() -> None:
    errors = compose_errors(
        a=fed2(
            """
            type Query { t: T }
            type T @key(fields: "id") { id: ID! name: String @override(from: "a") }
            """
        ),
    )
    assert located(errors) == {
        ("OVERRIDE_FROM_SELF_ERROR", "a", (("a", 4, 62),)),
    }
    messages = [e.message for e in errors if e.code == "OVERRIDE_FROM_SELF_ERROR"]
    assert any('Source and destination subgraphs "a" are the same' in m for m in messages)
