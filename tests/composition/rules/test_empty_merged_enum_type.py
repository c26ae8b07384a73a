"""EMPTY_MERGED_ENUM_TYPE: an input-only enum whose values have nothing in common."""

from __future__ import annotations

from tests.composition.helpers import compose_errors, fed2, located


def test_empty_merged_enum_type_reported_for_an_input_only_enum() -> None:
    errors = compose_errors(
        a=fed2(
            """
            type Query { a(e: E): Int }
            enum E { X }
            """
        ),
        b=fed2(
            """
            type Query { b(e: E): Int }
            enum E { Y }
            """
        ),
    )
    assert located(errors) == {
        ("EMPTY_MERGED_ENUM_TYPE", None, (("a", 4, 13), ("b", 4, 13))),
    }
    messages = [e.message for e in errors if e.code == "EMPTY_MERGED_ENUM_TYPE"]
    assert any('None of the values of enum type "E"' in m for m in messages)
