"""FIELD_ARGUMENT_TYPE_MISMATCH: an argument typed differently across subgraphs."""

from __future__ import annotations

from tests.composition.helpers import compose_errors, fed2, located


def test_field_argument_type_mismatch_reported_for_an_argument_typed_differently() -> None:
    errors = compose_errors(
        a=fed2(
            """
            type Query { hello(x: Int): String @shareable }
            """
        ),
        b=fed2(
            """
            type Query { hello(x: String): String @shareable }
            """
        ),
    )
    assert located(errors) == {
        ("FIELD_ARGUMENT_TYPE_MISMATCH", None, (("a", 3, 32), ("b", 3, 32))),
    }
    messages = [e.message for e in errors if e.code == "FIELD_ARGUMENT_TYPE_MISMATCH"]
    assert any('Type of argument "Query.hello(x:)" is incompatible' in m for m in messages)
