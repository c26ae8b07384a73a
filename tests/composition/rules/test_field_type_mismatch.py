"""FIELD_TYPE_MISMATCH: a shareable field with incompatible types."""

from __future__ import annotations

from tests.composition.helpers import codes, compose_errors, fed2


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
    assert "FIELD_TYPE_MISMATCH" in codes(errors)
    messages = [e.message for e in errors if e.code == "FIELD_TYPE_MISMATCH"]
    assert any('Type of field "Query.hello" is incompatible' in m for m in messages)
