"""REQUIRES_INVALID_FIELDS: @requires of a field that does not exist."""

from __future__ import annotations

from tests.composition.helpers import compose_errors, fed2, located


def test_requires_invalid_fields_reported_for_requires_of_a_field() -> None:
    errors = compose_errors(
        a=fed2(
            """
            type Query { t: T }
            type T @key(fields: "id") { id: ID! full: String @requires(fields: "nope") }
            """
        ),
    )
    assert located(errors) == {
        ("REQUIRES_INVALID_FIELDS", "a", (("a", 4, 62),)),
    }
    messages = [e.message for e in errors if e.code == "REQUIRES_INVALID_FIELDS"]
    assert any('Cannot query field "nope" on type "T"' in m for m in messages)


def test_requires_invalid_fields_reported_for_an_argument_unknown_elsewhere() -> None:
    errors = compose_errors(
        a=fed2(
            """
            type Query { t: T }
            type T @key(fields: "id") {
              id: ID!
              x(arg: Int): Int @external
              y: Int @requires(fields: "x(arg: 42)")
            }
            """
        ),
        b=fed2('type T @key(fields: "id") { id: ID! x: Int }'),
    )
    assert located(errors) == {
        ("REQUIRES_INVALID_FIELDS", "a", (("a", 7, 22),)),
    }
    assert [e.message for e in errors if e.code == "REQUIRES_INVALID_FIELDS"] == [
        '[a] On field "T.y", for @requires(fields: "x(arg: 42)"): cannot provide a value for '
        'argument "arg" of field "T.x" as argument "arg" is not defined in subgraph "b"'
    ]
