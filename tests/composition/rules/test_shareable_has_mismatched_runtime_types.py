"""SHAREABLE_HAS_MISMATCHED_RUNTIME_TYPES: a shared field whose abstract return type has no
runtime type in common across the subgraphs resolving it."""

from __future__ import annotations

from tests.composition.helpers import compose_errors, compose_ok, fed2, located

A = "type Query { a: A @shareable }\ninterface A { x: Int }\n"


def test_shareable_has_mismatched_runtime_types_for_disjoint_implementations() -> None:
    errors = compose_errors(
        a=fed2(A + "type I1 implements A { x: Int i1: Int }"),
        b=fed2(A + "type I2 implements A { x: Int i2: Int }"),
    )
    assert located(errors) == {
        ("SHAREABLE_HAS_MISMATCHED_RUNTIME_TYPES", None, (("a", 2, 14), ("b", 2, 14))),
    }
    assert errors[0].message == (
        "For the following supergraph API query:\n{\n  a {\n    ...\n  }\n}\n"
        'Shared field "Query.a" return type "A" has a non-intersecting set of possible runtime '
        "types across subgraphs. Runtime types in subgraphs are:\n"
        ' - in subgraph "a", type "I1";\n - in subgraph "b", type "I2".\n'
        "This is not allowed as shared fields must resolve the same way in all subgraphs, and "
        "that implies at least some common runtime types between the subgraphs."
    )


def test_overlapping_implementations_only_give_a_hint() -> None:
    result = compose_ok(
        a=fed2(A + "type I1 implements A @shareable { x: Int }\ntype I2 implements A { x: Int }"),
        b=fed2(A + "type I1 implements A @shareable { x: Int }"),
    )
    assert [
        tuple((loc.subgraph, loc.line, loc.column) for loc in h.locations)
        for h in result.hints
        if h.code == "INCONSISTENT_RUNTIME_TYPES_FOR_SHAREABLE_RETURN"
    ] == [(("a", 2, 14), ("b", 2, 14))]
