"""@provides on a field returning the same entity type, reached through an interface."""

from __future__ import annotations

from typing import Any

from ..harness import Case, Scenario, Subgraph, link

PRICES = {"k1": 9.5, "k2": 9.5}
TWIN = {"k1": "k2", "k2": "k1"}


def _kit(kit_id: str, with_price: bool) -> dict[str, Any]:
    kit: dict[str, Any] = {"__typename": "Kit", "id": kit_id}
    if with_price:
        kit["price"] = PRICES[kit_id]
    return kit


def _twin(kit: dict[str, Any], _info: Any) -> dict[str, Any]:
    return _kit(TWIN[kit["id"]], with_price=True)


catalog = Subgraph(
    name="catalog",
    sdl=link("@key", "@external", "@provides")
    + """
    type Query { featured: Offer }
    interface Offer { samePriceAs: Offer }
    type Kit implements Offer @key(fields: "id") {
      id: ID!
      price: Float @external
      samePriceAs: Kit @provides(fields: "price")
    }
    """,
    resolvers={
        "Query": {"featured": lambda _p, _i: _kit("k1", with_price=False)},
        "Kit": {"samePriceAs": _twin},
    },
    entities={"Kit": lambda rep: _kit(rep["id"], with_price=False)},
)

pricing = Subgraph(
    name="pricing",
    sdl=link("@key", "@shareable")
    + """
    type Kit @key(fields: "id") { id: ID!  price: Float @shareable }
    """,
    entities={"Kit": lambda rep: {"price": PRICES[rep["id"]]}},
)

SCENARIO = Scenario(
    name="provides-self-reference",
    feature="@provides on a self-referencing field behind an interface, mixed with owner fields",
    subgraphs=(catalog, pricing),
    cases=(
        Case(
            name="provided-on-nested-self",
            query="{ featured { ... on Kit { id samePriceAs { id price } } } }",
            expected={
                "data": {"featured": {"id": "k1", "samePriceAs": {"id": "k2", "price": 9.5}}}
            },
        ),
        Case(
            name="owner-price-and-provided-price",
            query="{ featured { ... on Kit { price samePriceAs { price } } } }",
            expected={"data": {"featured": {"price": 9.5, "samePriceAs": {"price": 9.5}}}},
        ),
        Case(
            name="interface-fragments-two-levels",
            query="""{ featured { __typename samePriceAs { __typename
                ... on Offer { samePriceAs { __typename } } } } }""",
            expected={
                "data": {
                    "featured": {
                        "__typename": "Kit",
                        "samePriceAs": {"__typename": "Kit", "samePriceAs": {"__typename": "Kit"}},
                    }
                }
            },
        ),
    ),
)
