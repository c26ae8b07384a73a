"""A @requires on a field that is itself computed with @requires in another subgraph."""

from __future__ import annotations

from typing import Any

from ..harness import Case, Scenario, Subgraph, link

PLANTS: dict[str, dict[str, Any]] = {
    "f1": {"id": "f1", "species": "fern", "waterMl": 200},
    "f2": {"id": "f2", "species": "cactus", "waterMl": 20},
}

botany = Subgraph(
    name="botany",
    sdl=link("@key")
    + """
    type Query { plants: [Plant!]! }
    type Plant @key(fields: "id") { id: ID!  species: String!  waterMl: Int! }
    """,
    resolvers={"Query": {"plants": lambda _p, _i: list(PLANTS.values())}},
    entities={"Plant": lambda rep: PLANTS.get(rep["id"])},
)

care = Subgraph(
    name="care",
    sdl=link("@key", "@external", "@requires")
    + """
    type Plant @key(fields: "id") {
      id: ID!
      waterMl: Int! @external
      weeklyWaterMl: Int! @requires(fields: "waterMl")
    }
    """,
    resolvers={"Plant": {"weeklyWaterMl": lambda plant, _i: plant["waterMl"] * 7}},
    entities={"Plant": lambda rep: {}},
)

billing = Subgraph(
    name="billing",
    sdl=link("@key", "@external", "@requires")
    + """
    type Plant @key(fields: "id") {
      id: ID!
      weeklyWaterMl: Int! @external
      species: String! @external
      waterBill: String! @requires(fields: "weeklyWaterMl species")
    }
    """,
    resolvers={
        "Plant": {
            "waterBill": lambda plant, _i: f"{plant['species']}={plant['weeklyWaterMl'] // 10}c"
        }
    },
    entities={"Plant": lambda rep: {}},
)

SCENARIO = Scenario(
    name="requires-chain",
    feature="@requires of a field that has its own @requires (two dependent hops)",
    subgraphs=(botany, care, billing),
    cases=(
        Case(
            name="chain-end-only",
            query="{ plants { waterBill } }",
            expected={
                "data": {"plants": [{"waterBill": "fern=140c"}, {"waterBill": "cactus=14c"}]}
            },
        ),
        Case(
            name="chain-all-levels",
            query="{ plants { id waterMl weeklyWaterMl waterBill } }",
            expected={
                "data": {
                    "plants": [
                        {
                            "id": "f1",
                            "waterMl": 200,
                            "weeklyWaterMl": 1400,
                            "waterBill": "fern=140c",
                        },
                        {
                            "id": "f2",
                            "waterMl": 20,
                            "weeklyWaterMl": 140,
                            "waterBill": "cactus=14c",
                        },
                    ]
                }
            },
        ),
    ),
)
