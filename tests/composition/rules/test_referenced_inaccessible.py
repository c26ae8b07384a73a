"""REFERENCED_INACCESSIBLE: an @inaccessible type returned by a visible field."""

from __future__ import annotations

from tests.composition.helpers import codes, compose_errors, fed2


def test_referenced_inaccessible_reported_for_an_inaccessible_type_returned() -> None:
    errors = compose_errors(
        a=fed2(
            """
            type Query { t: T }
            type T @inaccessible { x: Int }
            """
        ),
    )
    assert "REFERENCED_INACCESSIBLE" in codes(errors)
    messages = [e.message for e in errors if e.code == "REFERENCED_INACCESSIBLE"]
    assert any('Type "T" is @inaccessible but is referenced by "Query.t"' in m for m in messages)
