"""`__typename` on roots, entities, nested remote objects, aliased."""

from __future__ import annotations

from ..harness import Case, Scenario
from ._shop import SHOP

SCENARIO = Scenario(
    name="operation-typename",
    feature="__typename everywhere, aliased, on query and mutation roots",
    subgraphs=SHOP,
    cases=(
        Case(
            name="query-root",
            query="{ __typename }",
            expected={"data": {"__typename": "Query"}},
        ),
        Case(
            name="nested-and-aliased",
            query="""{ product(upc: "u1") {
                __typename t: __typename reviews { __typename author { __typename } } } }""",
            expected={
                "data": {
                    "product": {
                        "__typename": "Product",
                        "t": "Product",
                        "reviews": [
                            {"__typename": "Review", "author": {"__typename": "User"}},
                            {"__typename": "Review", "author": {"__typename": "User"}},
                        ],
                    }
                }
            },
        ),
        Case(
            name="only-typename-of-entity",
            query="{ me { __typename } }",
            expected={"data": {"me": {"__typename": "User"}}},
        ),
        Case(
            name="mutation-root",
            query="mutation { __typename }",
            expected={"data": {"__typename": "Mutation"}},
        ),
        Case(
            name="typename-of-null-object",
            query='{ product(upc: "nope") { __typename } }',
            expected={"data": {"product": None}},
        ),
    ),
)
