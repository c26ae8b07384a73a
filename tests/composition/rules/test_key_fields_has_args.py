"""KEY_FIELDS_HAS_ARGS: a key selecting a field with arguments."""

from __future__ import annotations

from tests.composition.helpers import compose_errors, fed2, located


def test_key_fields_has_args_reported_for_a_key_selecting_a() -> None:
    errors = compose_errors(
        a=fed2(
            """
            type Query { t: T }
            type T @key(fields: "id") { id(format: String): ID! }
            """
        ),
    )
    assert located(errors) == {
        ("KEY_FIELDS_HAS_ARGS", "a", (("a", 4, 20),)),
    }
    messages = [e.message for e in errors if e.code == "KEY_FIELDS_HAS_ARGS"]
    assert any("cannot be included because it has arguments" in m for m in messages)
