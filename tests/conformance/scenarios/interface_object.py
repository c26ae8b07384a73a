"""@interfaceObject: a subgraph adds fields to an entity interface without knowing its types."""

from __future__ import annotations

from typing import Any

from ..harness import Case, Scenario, Subgraph, link

MEDIA: dict[str, dict[str, Any]] = {
    "m1": {"__typename": "Book", "id": "m1", "title": "Ulysses", "pages": 730},
    "m2": {"__typename": "Movie", "id": "m2", "title": "Vertigo", "minutes": 128},
}
RATINGS = {"m1": 4, "m2": 5}

catalog = Subgraph(
    name="catalog",
    sdl=link("@key")
    + """
    type Query { media: [Media!]! }
    interface Media @key(fields: "id") { id: ID!  title: String! }
    type Book implements Media @key(fields: "id") { id: ID!  title: String!  pages: Int! }
    type Movie implements Media @key(fields: "id") { id: ID!  title: String!  minutes: Int! }
    """,
    resolvers={"Query": {"media": lambda _p, _i: list(MEDIA.values())}},
    entities={
        "Media": lambda rep: MEDIA.get(rep["id"]),
        "Book": lambda rep: MEDIA.get(rep["id"]),
        "Movie": lambda rep: MEDIA.get(rep["id"]),
    },
)

ratings = Subgraph(
    name="ratings",
    sdl=link("@key", "@interfaceObject")
    + """
    type Query { topRated: [Media!]! }
    type Media @key(fields: "id") @interfaceObject { id: ID!  stars: Int! }
    """,
    resolvers={
        "Query": {
            "topRated": lambda _p, _i: [
                {"id": m, "stars": s} for m, s in sorted(RATINGS.items(), key=lambda x: -x[1])
            ]
        }
    },
    entities={"Media": lambda rep: {"stars": RATINGS[rep["id"]]}},
)

SCENARIO = Scenario(
    name="interface-object",
    feature="@interfaceObject fields on an entity interface, and concrete types behind it",
    subgraphs=(catalog, ratings),
    cases=(
        Case(
            name="interface-object-field-from-owner-root",
            query="{ media { title stars } }",
            expected={
                "data": {
                    "media": [{"title": "Ulysses", "stars": 4}, {"title": "Vertigo", "stars": 5}]
                }
            },
        ),
        Case(
            name="interface-object-field-on-concrete-condition",
            query="{ media { ... on Movie { minutes stars } } }",
            expected={"data": {"media": [{}, {"minutes": 128, "stars": 5}]}},
        ),
        Case(
            name="typename-from-interface-object-root",
            query="{ topRated { __typename id stars } }",
            expected={
                "data": {
                    "topRated": [
                        {"__typename": "Movie", "id": "m2", "stars": 5},
                        {"__typename": "Book", "id": "m1", "stars": 4},
                    ]
                }
            },
        ),
        Case(
            name="concrete-fields-from-interface-object-root",
            query="{ topRated { title ... on Book { pages } ... on Movie { minutes } } }",
            expected={
                "data": {
                    "topRated": [
                        {"title": "Vertigo", "minutes": 128},
                        {"title": "Ulysses", "pages": 730},
                    ]
                }
            },
        ),
        Case(
            name="aliased-typename-from-interface-object-root",
            query="{ topRated { kind: __typename stars } }",
            expected={
                "data": {"topRated": [{"kind": "Movie", "stars": 5}, {"kind": "Book", "stars": 4}]}
            },
        ),
        Case(
            name="aliased-and-plain-typename-from-interface-object-root",
            query="{ topRated { t: __typename ... on Media { __typename } } }",
            expected={
                "data": {
                    "topRated": [
                        {"t": "Movie", "__typename": "Movie"},
                        {"t": "Book", "__typename": "Book"},
                    ]
                }
            },
        ),
    ),
)
