"""A shareable value type with split fields: the missing ones come through the parent."""

from __future__ import annotations

from typing import Any

from ..harness import Case, Scenario, Subgraph, link

CATEGORIES: dict[str, dict[str, Any]] = {
    "k1": {"id": "k1", "name": "Garden", "icon": "leaf"},
    "k2": {"id": "k2", "name": "Kitchen", "icon": "pot"},
}
GOODS = {"g1": "k1", "g2": "k2", "g3": "k1"}

shop = Subgraph(
    name="shop",
    sdl=link("@key", "@shareable")
    + """
    type Query { goods: [Good!]! }
    type Good @key(fields: "id") { id: ID!  category: Category! @shareable }
    type Category @shareable { id: ID!  name: String! }
    """,
    resolvers={
        "Query": {
            "goods": lambda _p, _i: [
                {"id": g, "category": {"id": k, "name": CATEGORIES[k]["name"]}}
                for g, k in GOODS.items()
            ]
        }
    },
    entities={"Good": lambda rep: {"category": CATEGORIES[GOODS[rep["id"]]]}},
)

icons = Subgraph(
    name="icons",
    sdl=link("@key", "@shareable")
    + """
    type Good @key(fields: "id") { id: ID!  category: Category! @shareable }
    type Category @shareable { id: ID!  icon: String! }
    """,
    entities={
        "Good": lambda rep: {
            "category": {"id": GOODS[rep["id"]], "icon": CATEGORIES[GOODS[rep["id"]]]["icon"]}
        }
    },
)

SCENARIO = Scenario(
    name="value-type-via-parent",
    feature="fields of a shareable value type reached by re-fetching its parent entity elsewhere",
    subgraphs=(shop, icons),
    cases=(
        Case(
            name="value-type-field-from-other-subgraph",
            query="{ goods { id category { name icon } } }",
            expected={
                "data": {
                    "goods": [
                        {"id": "g1", "category": {"name": "Garden", "icon": "leaf"}},
                        {"id": "g2", "category": {"name": "Kitchen", "icon": "pot"}},
                        {"id": "g3", "category": {"name": "Garden", "icon": "leaf"}},
                    ]
                }
            },
        ),
        Case(
            name="only-remote-value-field",
            query="{ goods { category { icon } } }",
            expected={
                "data": {
                    "goods": [
                        {"category": {"icon": "leaf"}},
                        {"category": {"icon": "pot"}},
                        {"category": {"icon": "leaf"}},
                    ]
                }
            },
        ),
    ),
)
