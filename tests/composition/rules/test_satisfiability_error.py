"""SATISFIABILITY_ERROR: a field only reachable through a subgraph that cannot provide the key."""

from __future__ import annotations

from tests.composition.helpers import codes, compose_errors, fed2


def test_satisfiability_error_reported_for_a_field_only_reachable() -> None:
    errors = compose_errors(
        s1=fed2(
            """
            type Query { t: T }
            type T { a: Int }
            """
        ),
        s2=fed2(
            """
            type T @key(fields: "id") { id: ID! b: Int }
            """
        ),
    )
    assert "SATISFIABILITY_ERROR" in codes(errors)
    messages = [e.message for e in errors if e.code == "SATISFIABILITY_ERROR"]
    assert any('cannot find field "T.id"' in m for m in messages)
