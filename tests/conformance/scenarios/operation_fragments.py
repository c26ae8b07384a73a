"""Named fragments, nested spreads, inline fragments without type condition, merged fields."""

from __future__ import annotations

from ..harness import Case, Scenario
from ._shop import SHOP

SCENARIO = Scenario(
    name="operation-fragments",
    feature="named and inline fragments spanning subgraphs; field merging and order",
    subgraphs=SHOP,
    cases=(
        Case(
            name="nested-named-fragments",
            query="""
            query { products(first: 2) { ...P } }
            fragment P on Product { name ...R }
            fragment R on Product { reviews { stars author { ...U } } }
            fragment U on User { name }
            """,
            expected={
                "data": {
                    "products": [
                        {
                            "name": "Hammer",
                            "reviews": [
                                {"stars": 5, "author": {"name": "Nora"}},
                                {"stars": 3, "author": {"name": "Omar"}},
                            ],
                        },
                        {"name": "Kite", "reviews": [{"stars": 4, "author": {"name": "Nora"}}]},
                    ]
                }
            },
        ),
        Case(
            name="inline-without-condition-merges",
            query='{ product(upc: "u2") { name ... { name price } ... on Product { upc name } } }',
            expected={"data": {"product": {"name": "Kite", "price": 35, "upc": "u2"}}},
        ),
        Case(
            name="same-fragment-two-levels",
            query="""
            { me { ...Who reviews { product { name } author { ...Who } } } }
            fragment Who on User { id name }
            """,
            expected={
                "data": {
                    "me": {
                        "id": "x1",
                        "name": "Nora",
                        "reviews": [
                            {"product": {"name": "Hammer"}, "author": {"id": "x1", "name": "Nora"}},
                            {"product": {"name": "Kite"}, "author": {"id": "x1", "name": "Nora"}},
                        ],
                    }
                }
            },
        ),
        Case(
            name="fragment-on-query-root",
            query="""
            query { ...Root }
            fragment Root on Query { me { name } product(upc: "u3") { name avgStars } }
            """,
            expected={
                "data": {"me": {"name": "Nora"}, "product": {"name": "Saw", "avgStars": None}}
            },
        ),
    ),
)
