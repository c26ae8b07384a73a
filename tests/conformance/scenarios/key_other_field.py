"""The second subgraph keys the entity by another field than the owner's query returns first."""

from __future__ import annotations

from typing import Any

from ..harness import Case, Scenario, Subgraph, link

BOOKS: dict[str, dict[str, Any]] = {
    "b1": {"id": "b1", "isbn": "978-0", "title": "Dune"},
    "b2": {"id": "b2", "isbn": "978-1", "title": "Emma"},
}
STOCK = {"978-0": 4, "978-1": 0}

catalog = Subgraph(
    name="catalog",
    sdl=link("@key")
    + """
    type Query { book(id: ID!): Book  books: [Book!]! }
    type Book @key(fields: "id") @key(fields: "isbn") { id: ID!  isbn: String!  title: String! }
    """,
    resolvers={
        "Query": {
            "book": lambda _p, _i, id: BOOKS.get(id),
            "books": lambda _p, _i: list(BOOKS.values()),
        }
    },
    entities={
        "Book": lambda rep: (
            BOOKS.get(rep.get("id", ""))
            or next((b for b in BOOKS.values() if b["isbn"] == rep.get("isbn")), None)
        )
    },
)

warehouse = Subgraph(
    name="warehouse",
    sdl=link("@key")
    + """
    type Book @key(fields: "isbn") { isbn: String!  copies: Int!  available: Boolean! }
    """,
    entities={
        "Book": lambda rep: {
            "copies": STOCK[rep["isbn"]],
            "available": STOCK[rep["isbn"]] > 0,
        }
    },
)

SCENARIO = Scenario(
    name="key-other-field",
    feature="entity hop where the target subgraph's @key is not the field the client selected",
    subgraphs=(catalog, warehouse),
    cases=(
        Case(
            name="hop-by-isbn-without-selecting-it",
            query='{ book(id: "b1") { title copies } }',
            expected={"data": {"book": {"title": "Dune", "copies": 4}}},
        ),
        Case(
            name="list-hop-by-isbn",
            query="{ books { id available isbn } }",
            expected={
                "data": {
                    "books": [
                        {"id": "b1", "available": True, "isbn": "978-0"},
                        {"id": "b2", "available": False, "isbn": "978-1"},
                    ]
                }
            },
        ),
        Case(
            name="unknown-root-is-null",
            query='{ book(id: "zz") { copies } }',
            expected={"data": {"book": None}},
        ),
    ),
)
