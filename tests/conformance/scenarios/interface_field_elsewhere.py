"""An interface field that lives in another subgraph than the one returning the interface."""

from __future__ import annotations

from typing import Any

from ..harness import Case, Scenario, Subgraph, link

ITEMS: list[dict[str, Any]] = [
    {"__typename": "Song", "id": "s1", "title": "Hey"},
    {"__typename": "Album", "id": "a1", "title": "Blue"},
]
PLAYS = {"s1": 1000, "a1": 70}

library = Subgraph(
    name="library",
    sdl=link("@key")
    + """
    type Query { library: [Playable!]! }
    interface Playable { id: ID!  title: String! }
    type Song implements Playable @key(fields: "id") { id: ID!  title: String! }
    type Album implements Playable @key(fields: "id") { id: ID!  title: String! }
    """,
    resolvers={"Query": {"library": lambda _p, _i: ITEMS}},
    entities={
        "Song": lambda rep: next(i for i in ITEMS if i["id"] == rep["id"]),
        "Album": lambda rep: next(i for i in ITEMS if i["id"] == rep["id"]),
    },
)

stats = Subgraph(
    name="stats",
    sdl=link("@key")
    + """
    interface Playable { id: ID!  plays: Int! }
    type Song implements Playable @key(fields: "id") { id: ID!  plays: Int! }
    type Album implements Playable @key(fields: "id") { id: ID!  plays: Int!  tracks: Int! }
    """,
    entities={
        "Song": lambda rep: {"plays": PLAYS[rep["id"]]},
        "Album": lambda rep: {"plays": PLAYS[rep["id"]], "tracks": 9},
    },
)

SCENARIO = Scenario(
    name="interface-field-elsewhere",
    feature="an interface field contributed by another subgraph: resolved per concrete type",
    subgraphs=(library, stats),
    cases=(
        Case(
            name="interface-field-from-other-subgraph",
            query="{ library { title plays } }",
            expected={
                "data": {
                    "library": [{"title": "Hey", "plays": 1000}, {"title": "Blue", "plays": 70}]
                }
            },
        ),
        Case(
            name="mixed-with-type-condition",
            query="{ library { plays ... on Album { tracks } __typename } }",
            expected={
                "data": {
                    "library": [
                        {"plays": 1000, "__typename": "Song"},
                        {"plays": 70, "tracks": 9, "__typename": "Album"},
                    ]
                }
            },
        ),
    ),
)
