"""Variables: scalars, enums, defaults, omitted nullables, and variables used by remote fields."""

from __future__ import annotations

from ..harness import Case, Scenario
from ._shop import SHOP

SCENARIO = Scenario(
    name="operation-variables",
    feature="operation variables forwarded to the subgraphs that need them",
    subgraphs=SHOP,
    cases=(
        Case(
            name="scalar-variable",
            query="query ($upc: String!) { product(upc: $upc) { name } }",
            variables={"upc": "u3"},
            expected={"data": {"product": {"name": "Saw"}}},
        ),
        Case(
            name="enum-variable-default",
            query="query ($cat: Category = TOYS) { products(category: $cat) { name } }",
            expected={"data": {"products": [{"name": "Kite"}]}},
        ),
        Case(
            name="variable-in-entity-field",
            query="query ($min: Int!) { products { name reviews(minStars: $min) { body } } }",
            variables={"min": 4},
            expected={
                "data": {
                    "products": [
                        {"name": "Hammer", "reviews": [{"body": "Solid"}]},
                        {"name": "Kite", "reviews": [{"body": "Flies"}]},
                        {"name": "Saw", "reviews": []},
                    ]
                }
            },
        ),
        Case(
            name="two-variables-one-enum",
            query="query ($c: Currency!, $n: Int) { products(first: $n) { price(currency: $c) } }",
            variables={"c": "USD", "n": 2},
            expected={"data": {"products": [{"price": 22}, {"price": 38}]}},
        ),
        Case(
            name="omitted-nullable-variable",
            query="query ($cat: Category) { products(category: $cat) { upc } }",
            expected={"data": {"products": [{"upc": "u1"}, {"upc": "u2"}, {"upc": "u3"}]}},
        ),
        Case(
            name="missing-required-variable-is-an-error",
            query="query ($upc: String!) { product(upc: $upc) { name } }",
            expected={"errors": [{}]},
        ),
        Case(
            name="variable-default-used",
            query='query ($upc: String = "u2") { product(upc: $upc) { name } }',
            expected={"data": {"product": {"name": "Kite"}}},
        ),
        Case(
            name="variables-split-across-fetches",
            query="""query ($upc: String!, $min: Int!, $c: Currency!) {
                product(upc: $upc) {
                  price(currency: $c) reviews(minStars: $min) { author { name } } } }""",
            variables={"upc": "u1", "min": 4, "c": "USD"},
            expected={
                "data": {"product": {"price": 22, "reviews": [{"author": {"name": "Nora"}}]}}
            },
        ),
    ),
)
