"""REQUIRED_ARGUMENT_MISSING_IN_SOME_SUBGRAPH:
a required argument missing from one definition of a field."""

from __future__ import annotations

from tests.composition.helpers import compose_errors, fed2, located


def test_required_argument_missing_in_some_subgraph_reported_for_a_required_argument_missing() -> (
    None
):
    errors = compose_errors(
        a=fed2(
            """
            type Query { hello(x: Int!): String @shareable }
            """
        ),
        b=fed2(
            """
            type Query { hello: String @shareable }
            """
        ),
    )
    assert located(errors) == {
        ("REQUIRED_ARGUMENT_MISSING_IN_SOME_SUBGRAPH", None, (("a", 3, 32),)),
    }
    messages = [e.message for e in errors if e.code == "REQUIRED_ARGUMENT_MISSING_IN_SOME_SUBGRAPH"]
    assert any('Argument "Query.hello(x:)" is required in some subgraphs' in m for m in messages)
