"""EXTERNAL_UNUSED: an @external field nothing uses."""

from __future__ import annotations

from tests.composition.helpers import compose_errors, fed2, located


def test_external_unused_reported_for_an_external_field_nothing() -> None:
    errors = compose_errors(
        a=fed2(
            """
            type Query { t: T }
            type T @key(fields: "id") { id: ID! name: String @external }
            """
        ),
        b=fed2(
            """
            type T @key(fields: "id") { id: ID! name: String }
            """
        ),
    )
    assert located(errors) == {
        ("EXTERNAL_UNUSED", "a", (("a", 4, 49),)),
    }
    messages = [e.message for e in errors if e.code == "EXTERNAL_UNUSED"]
    assert any('Field "T.name" is marked @external but is not used' in m for m in messages)
