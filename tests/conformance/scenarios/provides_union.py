"""@provides with a type condition on a union-typed field."""

from __future__ import annotations

from typing import Any

from ..harness import Case, Scenario, Subgraph, link

FILMS = {"f1": "Alien", "f2": "Heat"}
SERIES = {"s1": "Dark"}
SHELF: list[dict[str, Any]] = [
    {"__typename": "Film", "id": "f1"},
    {"__typename": "Series", "id": "s1"},
    {"__typename": "Film", "id": "f2"},
]

studio = Subgraph(
    name="studio",
    sdl=link("@key", "@shareable")
    + """
    type Film @key(fields: "id") { id: ID!  title: String! @shareable  minutes: Int! }
    type Series @key(fields: "id") { id: ID!  title: String! @shareable }
    """,
    entities={
        "Film": lambda rep: {"title": FILMS[rep["id"]], "minutes": 100 + len(FILMS[rep["id"]])},
        "Series": lambda rep: {"title": SERIES[rep["id"]]},
    },
)

streaming = Subgraph(
    name="streaming",
    sdl=link("@key", "@external", "@provides")
    + """
    type Query { watchlist: [Show!]! @provides(fields: "... on Film { title }") }
    union Show = Film | Series
    type Film @key(fields: "id") { id: ID!  title: String! @external }
    type Series @key(fields: "id") { id: ID! }
    """,
    resolvers={
        "Query": {
            "watchlist": lambda _p, _i: [
                {**s, "title": FILMS[s["id"]]} if s["__typename"] == "Film" else dict(s)
                for s in SHELF
            ]
        }
    },
    entities={"Film": lambda rep: {}, "Series": lambda rep: {}},
)

SCENARIO = Scenario(
    name="provides-union",
    feature='@provides(fields: "... on Film { title }") on a list of union members',
    subgraphs=(studio, streaming),
    cases=(
        Case(
            name="provided-member-field-and-owner-member-field",
            query="{ watchlist { ... on Film { title } ... on Series { title } } }",
            expected={
                "data": {"watchlist": [{"title": "Alien"}, {"title": "Dark"}, {"title": "Heat"}]}
            },
        ),
        Case(
            name="provided-plus-unprovided-field",
            query="{ watchlist { __typename ... on Film { title minutes } } }",
            expected={
                "data": {
                    "watchlist": [
                        {"__typename": "Film", "title": "Alien", "minutes": 105},
                        {"__typename": "Series"},
                        {"__typename": "Film", "title": "Heat", "minutes": 104},
                    ]
                }
            },
        ),
    ),
)
