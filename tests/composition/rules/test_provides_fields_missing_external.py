"""PROVIDES_FIELDS_MISSING_EXTERNAL: @provides of a field the subgraph already resolves."""

from __future__ import annotations

from tests.composition.helpers import compose_errors, fed2, located


def test_provides_fields_missing_external_reported_for_provides_of_a_field() -> None:
    errors = compose_errors(
        a=fed2(
            """
            type Query { t: T @provides(fields: "name") }
            type T @key(fields: "id") { id: ID! name: String }
            """
        ),
        b=fed2(
            """
            type T @key(fields: "id") { id: ID! other: Int }
            """
        ),
    )
    assert located(errors) == {
        ("PROVIDES_FIELDS_MISSING_EXTERNAL", "a", (("a", 3, 31),)),
    }
    messages = [e.message for e in errors if e.code == "PROVIDES_FIELDS_MISSING_EXTERNAL"]
    assert any('field "T.name" should not be part of a @provides' in m for m in messages)
