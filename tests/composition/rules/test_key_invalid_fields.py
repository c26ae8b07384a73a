"""KEY_INVALID_FIELDS: a key naming a field the type does not have."""

from __future__ import annotations

from tests.composition.helpers import compose_errors, fed2, located


def test_key_invalid_fields_reported_for_a_key_naming_a() -> None:
    errors = compose_errors(
        a=fed2(
            """
            type Query { t: T }
            type T @key(fields: "uuid") { id: ID! }
            """
        ),
    )
    assert located(errors) == {
        ("KEY_INVALID_FIELDS", "a", (("a", 4, 20),)),
    }
    messages = [e.message for e in errors if e.code == "KEY_INVALID_FIELDS"]
    assert any('Cannot query field "uuid" on type "T"' in m for m in messages)
