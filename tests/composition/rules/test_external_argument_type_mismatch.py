"""EXTERNAL_ARGUMENT_TYPE_MISMATCH: an @external field whose argument is typed differently where
the field is defined."""

from __future__ import annotations

from tests.composition.helpers import compose_errors, fed2, located


def test_external_argument_type_mismatch_located_at_the_argument_in_each_subgraph() -> None:
    errors = compose_errors(
        a=fed2(
            """
            type Query { t: T }
            type T @key(fields: "id") {
              id: ID!
              f(x: Int): Int @external
              g: Int @requires(fields: "f(x: 1)")
            }
            """
        ),
        b=fed2(
            """
            type T @key(fields: "id") { id: ID! f(x: String): Int }
            """
        ),
    )
    assert located(errors) == {
        ("EXTERNAL_ARGUMENT_TYPE_MISMATCH", None, (("a", 6, 17), ("b", 3, 51))),
    }
    assert errors[0].message == (
        'Type of argument "T.f(x:)" is incompatible across subgraphs (where "T.f" is marked '
        '@external): it has type "String" in subgraph "b" but type "Int" in subgraph "a"'
    )
