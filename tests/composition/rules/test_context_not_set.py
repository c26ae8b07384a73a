"""CONTEXT_NOT_SET: @fromContext naming a context no type sets."""

from __future__ import annotations

from tests.composition.helpers import compose_errors, fed2, located


def test_context_not_set_reported_for_fromcontext_naming_a_context() -> None:
    errors = compose_errors(
        a=fed2(
            """
            type Query { t: T }
            type T @key(fields: "id") {
              id: ID!
              f(x: String @fromContext(field: "$nope { name }")): Int
            }
            """,
            version="2.8",
            imports=(
                "@key",
                "@context",
                "@fromContext",
            ),
        ),
    )
    assert located(errors) == {
        ("CONTEXT_NOT_SET", "a", (("a", 6, 27),)),
    }
    messages = [e.message for e in errors if e.code == "CONTEXT_NOT_SET"]
    assert any(
        'Context "nope" is used at location "T.f(x:)" but is never set' in m for m in messages
    )
