"""A union whose members differ between the two subgraphs that define it."""

from __future__ import annotations

from ..harness import Case, Scenario, Subgraph, link

photos = Subgraph(
    name="photos",
    sdl=link("@shareable")
    + """
    type Query { gallery: [Media!]! }
    union Media = Photo | Clip
    type Photo @shareable { url: String! }
    type Clip { url: String!  seconds: Int! }
    """,
    resolvers={
        "Query": {
            "gallery": lambda _p, _i: [
                {"__typename": "Photo", "url": "p.jpg"},
                {"__typename": "Clip", "url": "c.mp4", "seconds": 7},
            ]
        }
    },
)

audio = Subgraph(
    name="audio",
    sdl=link("@shareable")
    + """
    type Query { playlist: [Media!]! }
    union Media = Photo | Podcast
    type Photo @shareable { url: String! }
    type Podcast { url: String!  host: String! }
    """,
    resolvers={
        "Query": {
            "playlist": lambda _p, _i: [
                {"__typename": "Podcast", "url": "e1.mp3", "host": "Ira"},
                {"__typename": "Photo", "url": "cover.jpg"},
            ]
        }
    },
)

SCENARIO = Scenario(
    name="union-partial-members",
    feature="fragments on union members unknown to the subgraph answering the field",
    subgraphs=(photos, audio),
    cases=(
        Case(
            name="fragment-on-member-from-other-subgraph",
            query="""{ gallery { __typename
                ... on Photo { url } ... on Clip { seconds } ... on Podcast { host } } }""",
            expected={
                "data": {
                    "gallery": [
                        {"__typename": "Photo", "url": "p.jpg"},
                        {"__typename": "Clip", "seconds": 7},
                    ]
                }
            },
        ),
        Case(
            name="other-root-other-members",
            query="""{ playlist {
                ... on Podcast { host } ... on Clip { url } ... on Photo { url } } }""",
            expected={"data": {"playlist": [{"host": "Ira"}, {"url": "cover.jpg"}]}},
        ),
        Case(
            name="both-roots",
            query="{ a: gallery { __typename } b: playlist { __typename } }",
            expected={
                "data": {
                    "a": [{"__typename": "Photo"}, {"__typename": "Clip"}],
                    "b": [{"__typename": "Podcast"}, {"__typename": "Photo"}],
                }
            },
        ),
    ),
)
