"""@provides: a subgraph returns an external field on one path; elsewhere the owner does."""

from __future__ import annotations

from typing import Any

from ..harness import Case, Scenario, Subgraph, link

CHEFS: dict[str, dict[str, Any]] = {
    "c1": {"id": "c1", "name": "Julia", "stars": 3},
    "c2": {"id": "c2", "name": "Auguste", "stars": 2},
}
DISHES = [
    {"id": "d1", "title": "Ratatouille", "chefId": "c2"},
    {"id": "d2", "title": "Boeuf", "chefId": "c1"},
]

staff = Subgraph(
    name="staff",
    sdl=link("@key", "@shareable")
    + """
    type Query { chefs: [Chef!]! }
    type Chef @key(fields: "id") { id: ID!  name: String! @shareable  stars: Int! }
    """,
    resolvers={"Query": {"chefs": lambda _p, _i: list(CHEFS.values())}},
    entities={"Chef": lambda rep: CHEFS.get(rep["id"])},
)

menu = Subgraph(
    name="menu",
    sdl=link("@key", "@external", "@provides")
    + """
    type Query { dishes: [Dish!]! }
    type Dish { id: ID!  title: String!  chef: Chef! @provides(fields: "name") }
    type Chef @key(fields: "id") { id: ID!  name: String! @external  signature: String! }
    """,
    resolvers={
        "Query": {
            "dishes": lambda _p, _i: [
                {
                    "id": d["id"],
                    "title": d["title"],
                    "chef": {
                        "id": d["chefId"],
                        "name": CHEFS[d["chefId"]]["name"],
                        "signature": d["title"],
                    },
                }
                for d in DISHES
            ]
        }
    },
    # Outside the provided path this subgraph cannot return `name`: it does not send it.
    entities={
        "Chef": lambda rep: {
            "signature": next(d["title"] for d in DISHES if d["chefId"] == rep["id"])
        }
    },
)

SCENARIO = Scenario(
    name="provides-simple",
    feature="@provides on a field returning an entity: provided external field on that path only",
    subgraphs=(staff, menu),
    cases=(
        Case(
            name="provided-field",
            query="{ dishes { title chef { name } } }",
            expected={
                "data": {
                    "dishes": [
                        {"title": "Ratatouille", "chef": {"name": "Auguste"}},
                        {"title": "Boeuf", "chef": {"name": "Julia"}},
                    ]
                }
            },
        ),
        Case(
            name="provided-and-owned-fields",
            query="{ dishes { chef { name stars } } }",
            expected={
                "data": {
                    "dishes": [
                        {"chef": {"name": "Auguste", "stars": 2}},
                        {"chef": {"name": "Julia", "stars": 3}},
                    ]
                }
            },
        ),
        Case(
            name="not-provided-path-uses-owner",
            query="{ chefs { name signature } }",
            expected={
                "data": {
                    "chefs": [
                        {"name": "Julia", "signature": "Boeuf"},
                        {"name": "Auguste", "signature": "Ratatouille"},
                    ]
                }
            },
        ),
    ),
)
