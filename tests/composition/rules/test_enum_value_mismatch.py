"""ENUM_VALUE_MISMATCH: an enum used as input and output whose values differ."""

from __future__ import annotations

from tests.composition.helpers import compose_errors, fed2, located


def test_enum_value_mismatch_reported_for_an_enum_used_as() -> None:
    errors = compose_errors(
        a=fed2(
            """
            type Query { a(e: E): E }
            enum E { X Y }
            """
        ),
        b=fed2(
            """
            type Query { b: E }
            enum E { X Z }
            """
        ),
    )
    assert located(errors) == {
        ("ENUM_VALUE_MISMATCH", None, (("a", 4, 24),)),
        ("ENUM_VALUE_MISMATCH", None, (("b", 4, 24),)),
    }
    messages = [e.message for e in errors if e.code == "ENUM_VALUE_MISMATCH"]
    assert any('Enum type "E" is used as both input type' in m for m in messages)
