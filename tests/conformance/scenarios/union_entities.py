"""A union of entities whose members get fields from another subgraph."""

from __future__ import annotations

from typing import Any

from ..harness import Case, Scenario, Subgraph, link

RESULTS: list[dict[str, Any]] = [
    {"__typename": "Author", "id": "au1"},
    {"__typename": "Article", "id": "ar1"},
    {"__typename": "Author", "id": "au2"},
]
AUTHORS = {"au1": "Kim", "au2": "Lee"}
ARTICLES = {"ar1": {"headline": "Rain", "authorId": "au2"}}

search = Subgraph(
    name="search",
    sdl=link("@key")
    + """
    type Query { search(term: String!): [Hit!]! }
    union Hit = Author | Article
    type Author @key(fields: "id") { id: ID! }
    type Article @key(fields: "id") { id: ID! }
    """,
    resolvers={
        "Query": {"search": lambda _p, _i, term: RESULTS if term else []},
    },
    entities={"Author": lambda rep: {}, "Article": lambda rep: {}},
)

content = Subgraph(
    name="content",
    sdl=link("@key")
    + """
    type Author @key(fields: "id") { id: ID!  name: String! }
    type Article @key(fields: "id") { id: ID!  headline: String!  author: Author! }
    """,
    entities={
        "Author": lambda rep: {"name": AUTHORS[rep["id"]]},
        "Article": lambda rep: {
            "headline": ARTICLES[rep["id"]]["headline"],
            "author": {
                "id": ARTICLES[rep["id"]]["authorId"],
                "name": AUTHORS[ARTICLES[rep["id"]]["authorId"]],
            },
        },
    },
)

SCENARIO = Scenario(
    name="union-entities",
    feature="type conditions on union members, each member extended by another subgraph",
    subgraphs=(search, content),
    cases=(
        Case(
            name="members-with-remote-fields",
            query="""{ search(term: "r") {
                ... on Author { name }
                ... on Article { headline author { name } } } }""",
            expected={
                "data": {
                    "search": [
                        {"name": "Kim"},
                        {"headline": "Rain", "author": {"name": "Lee"}},
                        {"name": "Lee"},
                    ]
                }
            },
        ),
        Case(
            name="typename-only",
            query='{ search(term: "r") { __typename } }',
            expected={
                "data": {
                    "search": [
                        {"__typename": "Author"},
                        {"__typename": "Article"},
                        {"__typename": "Author"},
                    ]
                }
            },
        ),
        Case(
            name="empty-list",
            query='{ search(term: "") { ... on Author { name } } }',
            expected={"data": {"search": []}},
        ),
        Case(
            name="one-member-nested-hop",
            query='{ search(term: "x") { ... on Article { author { name } } } }',
            expected={"data": {"search": [{}, {"author": {"name": "Lee"}}, {}]}},
        ),
    ),
)
