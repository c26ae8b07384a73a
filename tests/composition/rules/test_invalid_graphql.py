"""INVALID_GRAPHQL: a subgraph SDL that does not parse."""

from __future__ import annotations

from tests.composition.helpers import compose_errors, fed2, located


def test_invalid_graphql_reported_for_a_subgraph_sdl_that() -> None:
    errors = compose_errors(
        a=fed2(
            """
            type Query { a: }
            """
        ),
    )
    assert located(errors) == {
        ("INVALID_GRAPHQL", "a", (("a", 3, 29),)),
    }
    messages = [e.message for e in errors if e.code == "INVALID_GRAPHQL"]
    assert any("Syntax Error" in m for m in messages)


def test_invalid_graphql_reported_for_a_federation_directive_in_the_wrong_place() -> None:
    errors = compose_errors(
        a=fed2("type Query { e: E }\nenum E { A @authenticated B }", version="2.5"),
    )
    assert located(errors) == {
        ("INVALID_GRAPHQL", "a", (("a", 3, 12),)),
    }
    messages = [e.message for e in errors if e.code == "INVALID_GRAPHQL"]
    assert messages == ['[a] Directive "@authenticated" may not be used on ENUM_VALUE.']


def test_invalid_graphql_reported_for_a_name_reserved_by_introspection() -> None:
    errors = compose_errors(a=fed2("type Query { __secret: Int ok: Int }"))
    assert located(errors) == {
        ("INVALID_GRAPHQL", "a", (("a", 2, 14),)),
    }
    assert '"__secret" must not begin with "__"' in errors[0].message


def test_invalid_graphql_reported_for_a_missing_required_directive_argument() -> None:
    errors = compose_errors(a=fed2("type Query { a: Int @tag }"))
    assert located(errors) == {
        ("INVALID_GRAPHQL", "a", (("a", 2, 21),)),
    }
    assert [e.message for e in errors] == [
        '[a] Directive "@tag" argument "name" of type "String!" is required, but it was not '
        "provided."
    ]
