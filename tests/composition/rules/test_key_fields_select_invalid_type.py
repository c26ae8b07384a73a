"""KEY_FIELDS_SELECT_INVALID_TYPE: a key selecting an interface-typed field."""

from __future__ import annotations

from tests.composition.helpers import compose_errors, fed2, located


def test_key_fields_select_invalid_type_reported_for_a_key_selecting_an() -> None:
    errors = compose_errors(
        a=fed2(
            """
            type Query { t: T }
            interface I { id: ID! }
            type T @key(fields: "i { id }") { i: I! }
            type U implements I { id: ID! }
            """
        ),
    )
    assert located(errors) == {
        ("KEY_FIELDS_SELECT_INVALID_TYPE", "a", (("a", 5, 20),)),
    }
    messages = [e.message for e in errors if e.code == "KEY_FIELDS_SELECT_INVALID_TYPE"]
    assert any(
        'field "T.i" is a Interface type which is not allowed in @key' in m for m in messages
    )
