"""From an @interfaceObject root to a concrete type's field owned by a third subgraph."""

from __future__ import annotations

from typing import Any

from ..harness import Case, Scenario, Subgraph, link

MEDIA: dict[str, dict[str, Any]] = {
    "v1": {"__typename": "Video", "id": "v1", "title": "Intro", "seconds": 90},
    "a1": {"__typename": "Article", "id": "a1", "title": "Notes", "words": 800},
}
CREATORS = {"v1": "Vera"}

media = Subgraph(
    name="media",
    sdl=link("@key")
    + """
    interface Media @key(fields: "id") { id: ID!  title: String! }
    type Video implements Media @key(fields: "id") { id: ID!  title: String!  seconds: Int! }
    type Article implements Media @key(fields: "id") { id: ID!  title: String!  words: Int! }
    """,
    entities={
        "Media": lambda rep: MEDIA.get(rep["id"]),
        "Video": lambda rep: MEDIA.get(rep["id"]),
        "Article": lambda rep: MEDIA.get(rep["id"]),
    },
)

creators = Subgraph(
    name="creators",
    sdl=link("@key")
    + """
    type Video @key(fields: "id") { id: ID!  creator: String! }
    """,
    entities={"Video": lambda rep: {"creator": CREATORS[rep["id"]]}},
)

playlists = Subgraph(
    name="playlists",
    sdl=link("@key", "@interfaceObject")
    + """
    type Query { playlist: Playlist! }
    type Playlist { name: String!  items: [Media!]! }
    type Media @key(fields: "id") @interfaceObject { id: ID! }
    """,
    resolvers={
        "Query": {"playlist": lambda _p, _i: {"name": "mix", "items": [{"id": "a1"}, {"id": "v1"}]}}
    },
    entities={"Media": lambda rep: {}},
)

SCENARIO = Scenario(
    name="interface-object-indirect",
    feature="interfaceObject -> interface owner (concrete type) -> third subgraph extending it",
    subgraphs=(media, creators, playlists),
    cases=(
        Case(
            name="concrete-field-from-third-subgraph",
            query="{ playlist { name items { title ... on Video { creator seconds } } } }",
            expected={
                "data": {
                    "playlist": {
                        "name": "mix",
                        "items": [
                            {"title": "Notes"},
                            {"title": "Intro", "creator": "Vera", "seconds": 90},
                        ],
                    }
                }
            },
        ),
        Case(
            name="typename-and-article-fields",
            query="{ playlist { items { __typename ... on Article { words } } } }",
            expected={
                "data": {
                    "playlist": {
                        "items": [{"__typename": "Article", "words": 800}, {"__typename": "Video"}]
                    }
                }
            },
        ),
    ),
)
