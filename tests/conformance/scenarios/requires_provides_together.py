"""One query needing @requires (two fields) and @provides (nested) in different subgraphs."""

from __future__ import annotations

from typing import Any

from ..harness import Case, Scenario, Subgraph, link

BIKES: dict[str, dict[str, Any]] = {
    "b1": {"sku": "b1", "model": "Roadie", "kg": 8, "euro": 1200},
    "b2": {"sku": "b2", "model": "Trail", "kg": 14, "euro": 900},
}
RIDERS = {"r1": {"id": "r1", "handle": "spinner", "city": "Gent"}}
RIDES = [{"id": "x1", "bike": "b1", "rider": "r1"}, {"id": "x2", "bike": "b2", "rider": "r1"}]

catalog = Subgraph(
    name="catalog",
    sdl=link("@key")
    + """
    type Query { bikes: [Bike!]! }
    type Bike @key(fields: "sku") { sku: ID!  model: String!  kg: Int!  euro: Int! }
    """,
    resolvers={"Query": {"bikes": lambda _p, _i: list(BIKES.values())}},
    entities={"Bike": lambda rep: BIKES.get(rep["sku"])},
)

riders = Subgraph(
    name="riders",
    sdl=link("@key", "@shareable")
    + """
    type Rider @key(fields: "id") { id: ID!  handle: String! @shareable  city: String! }
    """,
    entities={"Rider": lambda rep: RIDERS.get(rep["id"])},
)

rides = Subgraph(
    name="rides",
    sdl=link("@key", "@external", "@provides")
    + """
    type Bike @key(fields: "sku") { sku: ID!  rides: [Ride!]! }
    type Ride { id: ID!  rider: Rider! @provides(fields: "handle") }
    type Rider @key(fields: "id") { id: ID!  handle: String! @external }
    """,
    resolvers={
        "Bike": {
            "rides": lambda bike, _i: [
                {"id": r["id"], "rider": dict(RIDERS[r["rider"]])}
                for r in RIDES
                if r["bike"] == bike["sku"]
            ]
        }
    },
    entities={"Bike": lambda rep: {}, "Rider": lambda rep: {}},
)

delivery = Subgraph(
    name="delivery",
    sdl=link("@key", "@external", "@requires")
    + """
    type Bike @key(fields: "sku") {
      sku: ID!
      kg: Int! @external
      euro: Int! @external
      shipping: Int! @requires(fields: "kg euro")
    }
    """,
    resolvers={
        "Bike": {"shipping": lambda bike, _i: 0 if bike["euro"] >= 1000 else bike["kg"] * 3}
    },
    entities={"Bike": lambda rep: {}},
)

SCENARIO = Scenario(
    name="requires-provides-together",
    feature="@requires and @provides on different branches of one operation over four subgraphs",
    subgraphs=(catalog, riders, rides, delivery),
    cases=(
        Case(
            name="both-branches",
            query="{ bikes { model shipping rides { id rider { handle } } } }",
            expected={
                "data": {
                    "bikes": [
                        {
                            "model": "Roadie",
                            "shipping": 0,
                            "rides": [{"id": "x1", "rider": {"handle": "spinner"}}],
                        },
                        {
                            "model": "Trail",
                            "shipping": 42,
                            "rides": [{"id": "x2", "rider": {"handle": "spinner"}}],
                        },
                    ]
                }
            },
        ),
        Case(
            name="provided-and-unprovided-rider-fields",
            query="{ bikes { rides { rider { handle city } } } }",
            expected={
                "data": {
                    "bikes": [
                        {"rides": [{"rider": {"handle": "spinner", "city": "Gent"}}]},
                        {"rides": [{"rider": {"handle": "spinner", "city": "Gent"}}]},
                    ]
                }
            },
        ),
    ),
)
