"""SATISFIABILITY_ERROR: a field only reachable through a subgraph that cannot provide the key."""

from __future__ import annotations

from tests.composition.helpers import compose_errors, fed2, located


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
    # Each error is about a supergraph query (one per unreachable field), not an SDL element.
    assert len(errors) == 2
    assert located(errors) == {
        ("SATISFIABILITY_ERROR", None, ()),
    }
    messages = [e.message for e in errors if e.code == "SATISFIABILITY_ERROR"]
    assert any('cannot find field "T.id"' in m for m in messages)
