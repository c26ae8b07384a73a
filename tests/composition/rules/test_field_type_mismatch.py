"""FIELD_TYPE_MISMATCH: a shareable field with incompatible types."""

from __future__ import annotations

from tests.composition.helpers import compose_errors, fed2, located


def test_field_type_mismatch_reported_for_a_shareable_field_with() -> None:
    errors = compose_errors(
        a=fed2(
            """
            type Query { hello: String @shareable }
            """
        ),
        b=fed2(
            """
            type Query { hello: Int @shareable }
            """
        ),
    )
    assert located(errors) == {
        ("FIELD_TYPE_MISMATCH", None, (("a", 3, 26), ("b", 3, 26))),
    }
    messages = [e.message for e in errors if e.code == "FIELD_TYPE_MISMATCH"]
    assert any('Type of field "Query.hello" is incompatible' in m for m in messages)
