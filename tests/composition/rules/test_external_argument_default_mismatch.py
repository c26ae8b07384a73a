"""EXTERNAL_ARGUMENT_DEFAULT_MISMATCH: an @external field whose argument has another default
where the field is defined."""

from __future__ import annotations

from tests.composition.helpers import compose_errors, fed2, located


def test_external_argument_default_mismatch_located_at_the_argument_in_each_subgraph() -> None:
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
            type T @key(fields: "id") { id: ID! f(x: Int = 2): Int }
            """
        ),
    )
    assert located(errors) == {
        ("EXTERNAL_ARGUMENT_DEFAULT_MISMATCH", None, (("a", 6, 17), ("b", 3, 51))),
    }
    assert errors[0].message == (
        'Argument "T.f(x:)" has incompatible defaults across subgraphs (where "T.f" is marked '
        '@external): it has default value 2 in subgraph "b" but no default value in subgraph "a"'
    )
