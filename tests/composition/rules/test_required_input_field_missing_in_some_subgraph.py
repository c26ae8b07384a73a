"""REQUIRED_INPUT_FIELD_MISSING_IN_SOME_SUBGRAPH:
a required input field missing from one definition of an input."""

from __future__ import annotations

from tests.composition.helpers import compose_errors, fed2, located


def test_required_input_field_missing_in_some_subgraph_reported_for_a_required_input_field() -> (
    None
):
    errors = compose_errors(
        a=fed2(
            """
            type Query { a(i: In): Int }
            input In { x: Int! y: Int }
            """
        ),
        b=fed2(
            """
            type Query { b(i: In): Int }
            input In { y: Int }
            """
        ),
    )
    assert located(errors) == {
        ("REQUIRED_INPUT_FIELD_MISSING_IN_SOME_SUBGRAPH", None, (("a", 4, 24),)),
    }
    messages = [
        e.message for e in errors if e.code == "REQUIRED_INPUT_FIELD_MISSING_IN_SOME_SUBGRAPH"
    ]
    assert any('Input object field "In.x" is required in some subgraphs' in m for m in messages)
