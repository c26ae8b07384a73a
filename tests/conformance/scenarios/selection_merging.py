"""Overlapping selections from interface and concrete fragments merged across subgraphs."""

from __future__ import annotations

from typing import Any

from ..harness import Case, Scenario, Subgraph, link

DRIVERS = {
    "p1": {"id": "p1", "name": "Ines", "license": "B"},
    "p2": {"id": "p2", "name": "Olu", "license": "A"},
}
FLEET: list[dict[str, Any]] = [
    {"__typename": "Van", "id": "v1", "driver": {"id": "p1"}, "cargo": 900},
    {"__typename": "Taxi", "id": "t1", "driver": {"id": "p2"}, "fares": 31},
]

fleet = Subgraph(
    name="fleet",
    sdl=link("@key")
    + """
    type Query { fleet: [Car!]! }
    interface Car { id: ID!  driver: Driver! }
    type Van implements Car @key(fields: "id") { id: ID!  driver: Driver!  cargo: Int! }
    type Taxi implements Car @key(fields: "id") { id: ID!  driver: Driver!  fares: Int! }
    type Driver @key(fields: "id") { id: ID! }
    """,
    resolvers={"Query": {"fleet": lambda _p, _i: FLEET}},
    entities={"Van": lambda rep: FLEET[0], "Taxi": lambda rep: FLEET[1], "Driver": lambda rep: {}},
)

people = Subgraph(
    name="people",
    sdl=link("@key")
    + """
    type Driver @key(fields: "id") { id: ID!  name: String!  license: String! }
    """,
    entities={"Driver": lambda rep: DRIVERS[rep["id"]]},
)

SCENARIO = Scenario(
    name="selection-merging",
    feature="one field selected through several fragments with different sub-selections",
    subgraphs=(fleet, people),
    cases=(
        Case(
            name="interface-and-concrete-subselections-merge",
            query="""{ fleet {
                ... on Car { driver { id } }
                ... on Van { cargo driver { name } }
                ... on Taxi { driver { license } } } }""",
            expected={
                "data": {
                    "fleet": [
                        {"driver": {"id": "p1", "name": "Ines"}, "cargo": 900},
                        {"driver": {"id": "p2", "license": "A"}},
                    ]
                }
            },
        ),
        Case(
            name="same-alias-different-fields-per-type",
            query="""{ fleet {
                ... on Van { n: cargo who: driver { x: name } }
                ... on Taxi { n: fares who: driver { x: license } } } }""",
            expected={
                "data": {
                    "fleet": [
                        {"n": 900, "who": {"x": "Ines"}},
                        {"n": 31, "who": {"x": "A"}},
                    ]
                }
            },
        ),
        Case(
            name="repeated-field-keeps-first-position",
            query="{ fleet { id driver { name } id driver { id name } } }",
            expected={
                "data": {
                    "fleet": [
                        {"id": "v1", "driver": {"name": "Ines", "id": "p1"}},
                        {"id": "t1", "driver": {"name": "Olu", "id": "p2"}},
                    ]
                }
            },
        ),
    ),
)
