"""A subgraph references an entity with `resolvable: false`: it returns stubs only."""

from __future__ import annotations

from typing import Any

from ..harness import Case, Scenario, Subgraph, link

AUTHORS: dict[str, dict[str, Any]] = {
    "a1": {"id": "a1", "name": "Ursula"},
    "a2": {"id": "a2", "name": "Terry"},
}
POSTS = [
    {"id": "p1", "title": "Dragons", "authorId": "a1"},
    {"id": "p2", "title": "Discworld", "authorId": "a2"},
    {"id": "p3", "title": "Earthsea", "authorId": "a1"},
]

people = Subgraph(
    name="people",
    sdl=link("@key")
    + """
    type Author @key(fields: "id") { id: ID!  name: String! }
    """,
    entities={"Author": lambda rep: AUTHORS.get(rep["id"])},
)

blog = Subgraph(
    name="blog",
    sdl=link("@key")
    + """
    type Query { posts: [Post!]! }
    type Post { id: ID!  title: String!  author: Author! }
    type Author @key(fields: "id", resolvable: false) { id: ID! }
    """,
    resolvers={
        "Query": {
            "posts": lambda _p, _i: [
                {"id": p["id"], "title": p["title"], "author": {"id": p["authorId"]}} for p in POSTS
            ]
        }
    },
)

SCENARIO = Scenario(
    name="key-non-resolvable",
    feature="entity stubs from a subgraph declaring @key(resolvable: false), resolved by the owner",
    subgraphs=(people, blog),
    cases=(
        Case(
            name="stub-resolved-by-owner",
            query="{ posts { title author { name } } }",
            expected={
                "data": {
                    "posts": [
                        {"title": "Dragons", "author": {"name": "Ursula"}},
                        {"title": "Discworld", "author": {"name": "Terry"}},
                        {"title": "Earthsea", "author": {"name": "Ursula"}},
                    ]
                }
            },
        ),
        Case(
            name="key-only-needs-no-hop",
            query="{ posts { id author { id } } }",
            expected={
                "data": {
                    "posts": [
                        {"id": "p1", "author": {"id": "a1"}},
                        {"id": "p2", "author": {"id": "a2"}},
                        {"id": "p3", "author": {"id": "a1"}},
                    ]
                }
            },
        ),
    ),
)
