"""Aliases: one field with different arguments, aliases shadowing field names, remote fields."""

from __future__ import annotations

from ..harness import Case, Scenario
from ._shop import SHOP

SCENARIO = Scenario(
    name="operation-aliases",
    feature="aliases on root, owned and remote fields, with differing arguments",
    subgraphs=SHOP,
    cases=(
        Case(
            name="same-field-two-arguments",
            query='{ product(upc: "u1") { eur: price usd: price(currency: USD) name } }',
            expected={"data": {"product": {"eur": 20, "usd": 22, "name": "Hammer"}}},
        ),
        Case(
            name="root-field-twice",
            query='{ a: product(upc: "u1") { name } b: product(upc: "u2") { title: name } }',
            expected={"data": {"a": {"name": "Hammer"}, "b": {"title": "Kite"}}},
        ),
        Case(
            name="remote-field-twice-different-arguments",
            query="""{ product(upc: "u1") {
                all: reviews { stars } good: reviews(minStars: 4) { stars note: body } } }""",
            expected={
                "data": {
                    "product": {
                        "all": [{"stars": 5}, {"stars": 3}],
                        "good": [{"stars": 5, "note": "Solid"}],
                    }
                }
            },
        ),
        Case(
            name="aliases-swap-field-names",
            query='{ product(upc: "u2") { name: upc upc: name } }',
            expected={"data": {"product": {"name": "u2", "upc": "Kite"}}},
        ),
        Case(
            name="alias-on-key-and-remote-field",
            query="{ products(first: 1) { id: upc score: avgStars } }",
            expected={"data": {"products": [{"id": "u1", "score": 4.0}]}},
        ),
    ),
)
