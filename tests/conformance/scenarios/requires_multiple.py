"""@requires of several fields, some owned by different subgraphs."""

from __future__ import annotations

from typing import Any

from ..harness import Case, Scenario, Subgraph, link

ITEMS: dict[str, dict[str, Any]] = {
    "i1": {"id": "i1", "name": "lamp", "price": 40},
    "i2": {"id": "i2", "name": "sofa", "price": 900},
}
TAX = {"i1": 10, "i2": 20}

products = Subgraph(
    name="products",
    sdl=link("@key")
    + """
    type Query { items: [Item!]! }
    type Item @key(fields: "id") { id: ID!  name: String!  price: Int! }
    """,
    resolvers={"Query": {"items": lambda _p, _i: list(ITEMS.values())}},
    entities={"Item": lambda rep: ITEMS.get(rep["id"])},
)

tax = Subgraph(
    name="tax",
    sdl=link("@key")
    + """
    type Item @key(fields: "id") { id: ID!  taxPercent: Int! }
    """,
    entities={"Item": lambda rep: {"taxPercent": TAX[rep["id"]]}},
)

checkout = Subgraph(
    name="checkout",
    sdl=link("@key", "@external", "@requires")
    + """
    type Item @key(fields: "id") {
      id: ID!
      price: Int! @external
      taxPercent: Int! @external
      name: String! @external
      total: Int! @requires(fields: "price taxPercent")
      receiptLine: String! @requires(fields: "name price taxPercent")
    }
    """,
    resolvers={
        "Item": {
            "total": lambda item, _i: item["price"] + item["price"] * item["taxPercent"] // 100,
            "receiptLine": lambda item, _i: (
                f"{item['name']}: {item['price'] + item['price'] * item['taxPercent'] // 100}"
            ),
        }
    },
    entities={"Item": lambda rep: {}},
)

SCENARIO = Scenario(
    name="requires-multiple",
    feature="@requires of several external fields gathered from two other subgraphs",
    subgraphs=(products, tax, checkout),
    cases=(
        Case(
            name="two-sources",
            query="{ items { total } }",
            expected={"data": {"items": [{"total": 44}, {"total": 1080}]}},
        ),
        Case(
            name="three-fields-and-siblings",
            query="{ items { id receiptLine taxPercent total } }",
            expected={
                "data": {
                    "items": [
                        {"id": "i1", "receiptLine": "lamp: 44", "taxPercent": 10, "total": 44},
                        {"id": "i2", "receiptLine": "sofa: 1080", "taxPercent": 20, "total": 1080},
                    ]
                }
            },
        ),
    ),
)
