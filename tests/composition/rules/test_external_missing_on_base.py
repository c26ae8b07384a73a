"""EXTERNAL_MISSING_ON_BASE: a field marked @external everywhere."""

from __future__ import annotations

from tests.composition.helpers import compose_errors, fed2, located


def test_external_missing_on_base_reported_for_a_field_marked_external() -> None:
    errors = compose_errors(
        a=fed2(
            """
            type Query { t: T }
            type T @key(fields: "id") {
              id: ID!
              name: String @external
              full: String @requires(fields: "name")
            }
            """
        ),
        b=fed2(
            """
            type T @key(fields: "id") {
              id: ID!
              other: Int
            }
            """
        ),
    )
    assert located(errors) == {
        ("EXTERNAL_MISSING_ON_BASE", None, (("a", 6, 15),)),
    }
    messages = [e.message for e in errors if e.code == "EXTERNAL_MISSING_ON_BASE"]
    assert any('Field "T.name" is marked @external on all the subgraphs' in m for m in messages)
