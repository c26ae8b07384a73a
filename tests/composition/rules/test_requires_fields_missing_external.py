"""REQUIRES_FIELDS_MISSING_EXTERNAL: @requires of a field that is not @external."""

from __future__ import annotations

from tests.composition.helpers import compose_errors, fed2, located


def test_requires_fields_missing_external_reported_for_requires_of_a_field() -> None:
    errors = compose_errors(
        a=fed2(
            """
            type Query { t: T }
            type T @key(fields: "id") {
              id: ID!
              name: String
              full: String @requires(fields: "name")
            }
            """
        ),
    )
    assert located(errors) == {
        ("REQUIRES_FIELDS_MISSING_EXTERNAL", "a", (("a", 7, 28),)),
    }
    messages = [e.message for e in errors if e.code == "REQUIRES_FIELDS_MISSING_EXTERNAL"]
    assert any('field "T.name" should not be part of a @requires' in m for m in messages)
