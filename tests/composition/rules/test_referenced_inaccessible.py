"""REFERENCED_INACCESSIBLE: an @inaccessible type returned by a visible field."""

from __future__ import annotations

from tests.composition.helpers import compose_errors, fed2, located


def test_referenced_inaccessible_reported_for_an_inaccessible_type_returned() -> None:
    errors = compose_errors(
        a=fed2(
            """
            type Query { t: T }
            type T @inaccessible { x: Int }
            """
        ),
    )
    assert located(errors) == {
        ("REFERENCED_INACCESSIBLE", None, (("a", 4, 13), ("a", 3, 26))),
    }
    messages = [e.message for e in errors if e.code == "REFERENCED_INACCESSIBLE"]
    assert any('Type "T" is @inaccessible but is referenced by "Query.t"' in m for m in messages)


def test_an_inaccessible_type_is_located_in_every_subgraph_defining_it() -> None:
    errors = compose_errors(
        a=fed2("type Query { t: T @shareable }\ntype T @inaccessible @shareable { x: Int }"),
        b=fed2("type Query { t: T @shareable }\ntype T @shareable { x: Int }"),
    )
    assert located(errors) == {
        (
            "REFERENCED_INACCESSIBLE",
            None,
            (("a", 3, 1), ("b", 3, 1), ("a", 2, 14), ("b", 2, 14)),
        ),
    }


def test_query_root_type_inaccessible_located_at_the_query_type() -> None:
    errors = compose_errors(a=fed2("type Query @inaccessible { a: Int }"))
    assert located(errors) == {("QUERY_ROOT_TYPE_INACCESSIBLE", None, (("a", 2, 1),))}


def test_only_inaccessible_children_located_at_the_type() -> None:
    errors = compose_errors(a=fed2("type Query { a: T }\ntype T { x: Int @inaccessible }"))
    assert located(errors) == {("ONLY_INACCESSIBLE_CHILDREN", None, (("a", 3, 1),))}


def test_required_inaccessible_located_at_the_argument_or_input_field() -> None:
    errors = compose_errors(
        a=fed2(
            "type Query { a(x: Int! @inaccessible, i: In): Int }\n"
            "input In { y: Int! @inaccessible z: Int }"
        )
    )
    assert located(errors) == {
        ("REQUIRED_INACCESSIBLE", None, (("a", 2, 16),)),
        ("REQUIRED_INACCESSIBLE", None, (("a", 3, 12),)),
    }


def test_implemented_by_inaccessible_located_at_both_fields() -> None:
    errors = compose_errors(
        a=fed2(
            "type Query { a: I }\ninterface I { x: Int }\n"
            "type T implements I { x: Int @inaccessible y: Int }"
        )
    )
    assert located(errors) == {
        ("IMPLEMENTED_BY_INACCESSIBLE", None, (("a", 4, 23), ("a", 3, 15))),
    }
