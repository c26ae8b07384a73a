"""INTERFACE_OBJECT_USAGE_ERROR: an interface declared with @interfaceObject everywhere."""

from __future__ import annotations

from tests.composition.helpers import compose_errors, fed2, located


def test_interface_object_usage_error_reported_for_an_interface_declared_with() -> None:
    errors = compose_errors(
        a=fed2(
            """
            type Query { i: I }
            type I @key(fields: "id") @interfaceObject { id: ID! x: Int }
            """
        ),
        b=fed2(
            """
            type I @key(fields: "id") @interfaceObject { id: ID! y: Int }
            """
        ),
    )
    assert located(errors) == {
        ("INTERFACE_OBJECT_USAGE_ERROR", None, (("a", 4, 13), ("b", 3, 13))),
    }
    messages = [e.message for e in errors if e.code == "INTERFACE_OBJECT_USAGE_ERROR"]
    assert any(
        'Type "I" is declared with @interfaceObject in all the subgraphs' in m for m in messages
    )
