"""A Federation 1 subgraph (no @link, `extend type` with @external key) next to a Fed 2 one."""

from __future__ import annotations

from ..harness import Case, Scenario, Subgraph, link

NAMES = {"g1": "Gimli", "g2": "Galadriel"}
KARMA = {"g1": 12, "g2": 99}

heroes = Subgraph(
    name="heroes",
    sdl=link("@key")
    + """
    type Query { heroes: [Hero!]! }
    type Hero @key(fields: "id") { id: ID!  name: String! }
    """,
    resolvers={
        "Query": {"heroes": lambda _p, _i: [{"id": k, "name": v} for k, v in NAMES.items()]}
    },
    entities={"Hero": lambda rep: {"name": NAMES[rep["id"]]}},
)

legacy = Subgraph(
    name="legacy",
    sdl="""
    type Query { champion: Hero }
    extend type Hero @key(fields: "id") { id: ID! @external  karma: Int! }
    """,
    resolvers={"Query": {"champion": lambda _p, _i: {"id": "g2", "karma": KARMA["g2"]}}},
    entities={"Hero": lambda rep: {"karma": KARMA[rep["id"]]}},
)

SCENARIO = Scenario(
    name="fed1-subgraph",
    feature="a Federation 1 subgraph extending an entity owned by a Federation 2 subgraph",
    subgraphs=(heroes, legacy),
    cases=(
        Case(
            name="fed2-root-fed1-field",
            query="{ heroes { name karma } }",
            expected={
                "data": {
                    "heroes": [{"name": "Gimli", "karma": 12}, {"name": "Galadriel", "karma": 99}]
                }
            },
        ),
        Case(
            name="fed1-root-fed2-field",
            query="{ champion { karma name id } }",
            expected={"data": {"champion": {"karma": 99, "name": "Galadriel", "id": "g2"}}},
        ),
    ),
)
