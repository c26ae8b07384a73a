"""INTERFACE_KEY_NOT_ON_IMPLEMENTATION: an entity interface whose implementation lacks the key."""

from __future__ import annotations

from tests.composition.helpers import compose_errors, fed2, located


def test_interface_key_not_on_implementation_reported_for_an_entity_interface_whose() -> None:
    errors = compose_errors(
        a=fed2(
            """
            type Query { i: I }
            interface I @key(fields: "id") { id: ID! }
            type T implements I { id: ID! }
            """
        ),
    )
    assert located(errors) == {
        ("INTERFACE_KEY_NOT_ON_IMPLEMENTATION", "a", (("a", 4, 25),)),
    }
    messages = [e.message for e in errors if e.code == "INTERFACE_KEY_NOT_ON_IMPLEMENTATION"]
    assert any(
        'Key @key(fields: "id") on interface type "I" is missing on implementation type "T"' in m
        for m in messages
    )
