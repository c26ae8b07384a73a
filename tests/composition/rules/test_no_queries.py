"""NO_QUERIES: subgraphs without any query field."""

from __future__ import annotations

from tests.composition.helpers import compose_errors, fed2, located


def test_no_queries_reported_for_subgraphs_without_any_query() -> None:
    errors = compose_errors(
        a=fed2(
            """
            type Mutation { m: Int }
            """
        ),
    )
    # About the whole set of subgraphs: there is no element to point at.
    assert located(errors) == {
        ("NO_QUERIES", None, ()),
    }
    messages = [e.message for e in errors if e.code == "NO_QUERIES"]
    assert any("No queries found in any subgraph" in m for m in messages)
