"""@skip and @include with literals and variables on fields, inline fragments and spreads."""

from __future__ import annotations

from ..harness import Case, Scenario
from ._shop import SHOP

SCENARIO = Scenario(
    name="operation-skip-include",
    feature="@skip/@include conditions, including on fields served by other subgraphs",
    subgraphs=SHOP,
    cases=(
        Case(
            name="include-false-remote-field",
            query="""query ($show: Boolean!) {
                product(upc: "u1") { name reviews @include(if: $show) { stars } } }""",
            variables={"show": False},
            expected={"data": {"product": {"name": "Hammer"}}},
        ),
        Case(
            name="include-true-remote-field",
            query="""query ($show: Boolean!) {
                product(upc: "u1") { name reviews @include(if: $show) { stars } } }""",
            variables={"show": True},
            expected={
                "data": {"product": {"name": "Hammer", "reviews": [{"stars": 5}, {"stars": 3}]}}
            },
        ),
        Case(
            name="literal-conditions-on-fragments",
            query="""{ product(upc: "u2") {
                name ... on Product @skip(if: true) { price } ...F @include(if: false) } }
            fragment F on Product { avgStars }""",
            expected={"data": {"product": {"name": "Kite"}}},
        ),
        Case(
            name="variable-default-skips-subtree",
            query="query ($hide: Boolean = true) { me { name reviews @skip(if: $hide) { body } } }",
            expected={"data": {"me": {"name": "Nora"}}},
        ),
        Case(
            name="skip-and-include-together",
            query="""{ product(upc: "u3") {
                name @skip(if: false) @include(if: true)
                price @skip(if: true) @include(if: true) } }""",
            expected={"data": {"product": {"name": "Saw"}}},
        ),
        Case(
            name="skipped-once-included-elsewhere",
            query="""query ($s: Boolean!) {
                product(upc: "u1") { avgStars @skip(if: $s) ... { avgStars } } }""",
            variables={"s": True},
            expected={"data": {"product": {"avgStars": 4.0}}},
        ),
        Case(
            name="condition-variable-used-only-in-last-fetch",
            query="""query ($a: Boolean!, $b: Boolean!) {
                me { reviews { product { name @include(if: $a) upc @skip(if: $b) } } } }""",
            variables={"a": True, "b": True},
            expected={
                "data": {
                    "me": {
                        "reviews": [{"product": {"name": "Hammer"}}, {"product": {"name": "Kite"}}]
                    }
                }
            },
        ),
    ),
)
