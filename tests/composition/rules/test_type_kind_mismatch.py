"""TYPE_KIND_MISMATCH: a type that is an object in one subgraph and an interface in another."""

from __future__ import annotations

from tests.composition.helpers import compose_errors, fed2, located


def test_type_kind_mismatch_reported_for_a_type_that_is() -> None:
    errors = compose_errors(
        a=fed2(
            """
            type Query { a: A }
            type A { x: Int }
            """
        ),
        b=fed2(
            """
            type Query { b: A }
            interface A { x: Int }
            """
        ),
    )
    assert located(errors) == {
        ("TYPE_KIND_MISMATCH", None, (("a", 4, 13), ("b", 4, 13))),
    }
    messages = [e.message for e in errors if e.code == "TYPE_KIND_MISMATCH"]
    assert any('Type "A" has mismatched kind' in m for m in messages)
