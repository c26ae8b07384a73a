"""EXTERNAL_TYPE_MISMATCH: an @external field whose type differs from the resolving subgraph."""

from __future__ import annotations

from tests.composition.helpers import compose_errors, fed2, located


def test_external_type_mismatch_reported_for_an_external_field_whose() -> None:
    errors = compose_errors(
        a=fed2(
            """
            type Query { t: T }
            type T @key(fields: "id") {
              id: ID!
              name: Int @external
              full: String @requires(fields: "name")
            }
            """
        ),
        b=fed2(
            """
            type T @key(fields: "id") {
              id: ID!
              name: String
            }
            """
        ),
    )
    assert located(errors) == {
        ("EXTERNAL_TYPE_MISMATCH", None, (("a", 6, 15), ("b", 5, 15))),
    }
    messages = [e.message for e in errors if e.code == "EXTERNAL_TYPE_MISMATCH"]
    assert any(
        'Type of field "T.name" is incompatible across subgraphs (where marked @external)' in m
        for m in messages
    )
