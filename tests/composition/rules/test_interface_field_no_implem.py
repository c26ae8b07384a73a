"""INTERFACE_FIELD_NO_IMPLEM: an interface field added where an implementation is not defined."""

from __future__ import annotations

from tests.composition.helpers import compose_errors, fed2, located


def test_interface_field_no_implem_reported_for_an_interface_field_added() -> None:
    errors = compose_errors(
        a=fed2(
            """
            type Query { i: I }
            interface I { x: Int }
            type T implements I { x: Int }
            """
        ),
        b=fed2(
            """
            type Query { j: I }
            interface I { x: Int y: Int }
            type U implements I { x: Int y: Int }
            """
        ),
    )
    assert located(errors) == {
        ("INTERFACE_FIELD_NO_IMPLEM", None, (("b", 4, 34), ("a", 5, 13))),
    }
    messages = [e.message for e in errors if e.code == "INTERFACE_FIELD_NO_IMPLEM"]
    assert any(
        'Interface field "I.y" is declared in subgraph "b" but type "T"' in m for m in messages
    )
