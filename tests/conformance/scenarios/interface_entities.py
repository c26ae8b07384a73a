"""An interface whose implementations are entities extended with fields by another subgraph."""

from __future__ import annotations

from typing import Any

from ..harness import Case, Scenario, Subgraph, link

VEHICLES: list[dict[str, Any]] = [
    {"__typename": "Car", "id": "c1", "wheels": 4, "seats": 5},
    {"__typename": "Bike", "id": "b1", "wheels": 2, "gears": 21},
    {"__typename": "Car", "id": "c2", "wheels": 4, "seats": 2},
]
SERVICE = {"c1": "2027-01", "c2": "2026-12", "b1": "2026-06"}

fleet = Subgraph(
    name="fleet",
    sdl=link("@key")
    + """
    type Query { vehicles: [Vehicle!]! }
    interface Vehicle { id: ID!  wheels: Int! }
    type Car implements Vehicle @key(fields: "id") { id: ID!  wheels: Int!  seats: Int! }
    type Bike implements Vehicle @key(fields: "id") { id: ID!  wheels: Int!  gears: Int! }
    """,
    resolvers={"Query": {"vehicles": lambda _p, _i: VEHICLES}},
    entities={
        "Car": lambda rep: next(v for v in VEHICLES if v["id"] == rep["id"]),
        "Bike": lambda rep: next(v for v in VEHICLES if v["id"] == rep["id"]),
    },
)

garage = Subgraph(
    name="garage",
    sdl=link("@key")
    + """
    type Car @key(fields: "id") { id: ID!  nextService: String! }
    type Bike @key(fields: "id") { id: ID!  nextService: String!  chainOiled: Boolean! }
    """,
    entities={
        "Car": lambda rep: {"nextService": SERVICE[rep["id"]]},
        "Bike": lambda rep: {"nextService": SERVICE[rep["id"]], "chainOiled": True},
    },
)

SCENARIO = Scenario(
    name="interface-entities",
    feature="type conditions on interface implementations that hop to another subgraph per type",
    subgraphs=(fleet, garage),
    cases=(
        Case(
            name="interface-fields-only",
            query="{ vehicles { id wheels } }",
            expected={
                "data": {
                    "vehicles": [
                        {"id": "c1", "wheels": 4},
                        {"id": "b1", "wheels": 2},
                        {"id": "c2", "wheels": 4},
                    ]
                }
            },
        ),
        Case(
            name="remote-fields-per-type",
            query="""{ vehicles { __typename
                ... on Car { seats nextService }
                ... on Bike { chainOiled nextService } } }""",
            expected={
                "data": {
                    "vehicles": [
                        {"__typename": "Car", "seats": 5, "nextService": "2027-01"},
                        {"__typename": "Bike", "chainOiled": True, "nextService": "2026-06"},
                        {"__typename": "Car", "seats": 2, "nextService": "2026-12"},
                    ]
                }
            },
        ),
        Case(
            name="condition-on-one-type-only",
            query="{ vehicles { id ... on Bike { gears nextService } } }",
            expected={
                "data": {
                    "vehicles": [
                        {"id": "c1"},
                        {"id": "b1", "gears": 21, "nextService": "2026-06"},
                        {"id": "c2"},
                    ]
                }
            },
        ),
        Case(
            name="named-fragment-on-interface",
            query="""{ vehicles { ...V } }
            fragment V on Vehicle { wheels ... on Car { nextService } }""",
            expected={
                "data": {
                    "vehicles": [
                        {"wheels": 4, "nextService": "2027-01"},
                        {"wheels": 2},
                        {"wheels": 4, "nextService": "2026-12"},
                    ]
                }
            },
        ),
    ),
)
