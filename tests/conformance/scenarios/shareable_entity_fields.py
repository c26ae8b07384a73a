"""An entity field @shareable in two subgraphs, each also owning fields the other lacks."""

from __future__ import annotations

from typing import Any

from ..harness import Case, Scenario, Subgraph, link

SPOTS: dict[str, dict[str, Any]] = {
    "s1": {"id": "s1", "name": "Pier", "lat": 38.7, "lon": -9.1},
    "s2": {"id": "s2", "name": "Hill", "lat": 59.9, "lon": 10.7},
}

north = Subgraph(
    name="north",
    sdl=link("@key", "@shareable")
    + """
    type Query { firstSpot: Spot }
    type Spot @key(fields: "id") { id: ID!  name: String! @shareable  lat: Float! }
    """,
    resolvers={"Query": {"firstSpot": lambda _p, _i: SPOTS["s1"]}},
    entities={"Spot": lambda rep: SPOTS.get(rep["id"])},
)

east = Subgraph(
    name="east",
    sdl=link("@key", "@shareable")
    + """
    type Query { lastSpot: Spot }
    type Spot @key(fields: "id") { id: ID!  name: String! @shareable  lon: Float! }
    """,
    resolvers={"Query": {"lastSpot": lambda _p, _i: SPOTS["s2"]}},
    entities={"Spot": lambda rep: SPOTS.get(rep["id"])},
)

SCENARIO = Scenario(
    name="shareable-entity-fields",
    feature="@shareable entity fields resolvable in either subgraph, mixed with owned ones",
    subgraphs=(north, east),
    cases=(
        Case(
            name="shareable-plus-other-subgraph-field",
            query="{ firstSpot { name lon } lastSpot { name lat } }",
            expected={
                "data": {
                    "firstSpot": {"name": "Pier", "lon": -9.1},
                    "lastSpot": {"name": "Hill", "lat": 59.9},
                }
            },
        ),
        Case(
            name="local-fields-only",
            query="{ firstSpot { id name lat } }",
            expected={"data": {"firstSpot": {"id": "s1", "name": "Pier", "lat": 38.7}}},
        ),
    ),
)
