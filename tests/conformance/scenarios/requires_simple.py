"""@requires of one external scalar: fetched first, then passed in the representation."""

from __future__ import annotations

from typing import Any

from ..harness import Case, Scenario, Subgraph, link

PARCELS: dict[str, dict[str, Any]] = {
    "p1": {"id": "p1", "label": "books", "weightKg": 2},
    "p2": {"id": "p2", "label": "piano", "weightKg": 250},
}

parcels = Subgraph(
    name="parcels",
    sdl=link("@key")
    + """
    type Query { parcels: [Parcel!]!  parcel(id: ID!): Parcel }
    type Parcel @key(fields: "id") { id: ID!  label: String!  weightKg: Int! }
    """,
    resolvers={
        "Query": {
            "parcels": lambda _p, _i: list(PARCELS.values()),
            "parcel": lambda _p, _i, id: PARCELS.get(id),
        }
    },
    entities={"Parcel": lambda rep: PARCELS.get(rep["id"])},
)


def _cost(parcel: dict[str, Any], _info: Any) -> int:
    if "weightKg" not in parcel:
        raise ValueError("weightKg missing from representation")
    return 5 + 3 * int(parcel["weightKg"])


shipping = Subgraph(
    name="shipping",
    sdl=link("@key", "@external", "@requires")
    + """
    type Parcel @key(fields: "id") {
      id: ID!
      weightKg: Int! @external
      shippingCost: Int! @requires(fields: "weightKg")
      carrier: String!
    }
    """,
    resolvers={"Parcel": {"shippingCost": _cost}},
    entities={"Parcel": lambda rep: {"carrier": "truck" if rep["id"] == "p2" else "post"}},
)

SCENARIO = Scenario(
    name="requires-simple",
    feature="@requires of a single external scalar owned by another subgraph",
    subgraphs=(parcels, shipping),
    cases=(
        Case(
            name="required-field-not-selected",
            query="{ parcels { label shippingCost } }",
            expected={
                "data": {
                    "parcels": [
                        {"label": "books", "shippingCost": 11},
                        {"label": "piano", "shippingCost": 755},
                    ]
                }
            },
        ),
        Case(
            name="required-field-also-selected",
            query='{ parcel(id: "p2") { shippingCost weightKg carrier } }',
            expected={
                "data": {"parcel": {"shippingCost": 755, "weightKg": 250, "carrier": "truck"}}
            },
        ),
        Case(
            name="no-requires-when-not-asked",
            query='{ parcel(id: "p1") { carrier } }',
            expected={"data": {"parcel": {"carrier": "post"}}},
        ),
        Case(
            name="aliased-requires-field",
            query='{ p: parcel(id: "p1") { cost: shippingCost again: shippingCost } }',
            expected={"data": {"p": {"cost": 11, "again": 11}}},
        ),
    ),
)
