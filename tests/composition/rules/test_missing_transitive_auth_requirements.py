"""MISSING_TRANSITIVE_AUTH_REQUIREMENTS: @requires reading a field that needs authentication."""

from __future__ import annotations

from tests.composition.helpers import compose_errors, fed2, located


def test_missing_transitive_auth_requirements_reported_for_requires_reading_a_field() -> None:
    errors = compose_errors(
        a=fed2(
            """
            type Query { t: T }
            type T @key(fields: "id") { id: ID! secret: String @authenticated }
            """,
            version="2.5",
            imports=(
                "@key",
                "@authenticated",
            ),
        ),
        b=fed2(
            """
            type T @key(fields: "id") {
              id: ID!
              secret: String @external
              derived: String @requires(fields: "secret")
            }
            """,
            version="2.5",
            imports=(
                "@key",
                "@external",
                "@requires",
            ),
        ),
    )
    assert located(errors) == {
        ("MISSING_TRANSITIVE_AUTH_REQUIREMENTS", "b", (("b", 6, 31),)),
    }
    messages = [e.message for e in errors if e.code == "MISSING_TRANSITIVE_AUTH_REQUIREMENTS"]
    assert any('Field "T.derived" does not specify necessary @authenticated' in m for m in messages)
