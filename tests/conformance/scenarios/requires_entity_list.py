"""@requires of a list of entities' keys (`related { id }`), gathered from another subgraph."""

from __future__ import annotations

from typing import Any

from ..harness import Case, Scenario, Subgraph, link

RELATED = {"t1": ["t2", "t3"], "t2": [], "t3": ["t1"]}
SCORES = {"t1": 5, "t2": 3, "t3": 4}

graph = Subgraph(
    name="graph",
    sdl=link("@key")
    + """
    type Query { topics: [Topic!]! }
    type Topic @key(fields: "id") { id: ID!  related: [Topic!]! }
    """,
    resolvers={
        "Query": {
            "topics": lambda _p, _i: [
                {"id": t, "related": [{"id": r} for r in rel]} for t, rel in RELATED.items()
            ]
        }
    },
    entities={"Topic": lambda rep: {"related": [{"id": r} for r in RELATED[rep["id"]]]}},
)


def _related_score(topic: dict[str, Any], _info: Any) -> int:
    return sum(SCORES[r["id"]] for r in topic["related"])


scores = Subgraph(
    name="scores",
    sdl=link("@key", "@external", "@requires")
    + """
    type Topic @key(fields: "id") {
      id: ID!
      score: Int!
      related: [Topic!]! @external
      relatedScore: Int! @requires(fields: "related { id }")
    }
    """,
    resolvers={"Topic": {"relatedScore": _related_score}},
    entities={"Topic": lambda rep: {"score": SCORES[rep["id"]]}},
)

SCENARIO = Scenario(
    name="requires-entity-list",
    feature="@requires of a list of entity keys, with the client also reading the list",
    subgraphs=(graph, scores),
    cases=(
        Case(
            name="required-list",
            query="{ topics { id relatedScore } }",
            expected={
                "data": {
                    "topics": [
                        {"id": "t1", "relatedScore": 7},
                        {"id": "t2", "relatedScore": 0},
                        {"id": "t3", "relatedScore": 5},
                    ]
                }
            },
        ),
        Case(
            name="required-list-and-its-remote-fields",
            query="{ topics { relatedScore related { score } } }",
            expected={
                "data": {
                    "topics": [
                        {"relatedScore": 7, "related": [{"score": 3}, {"score": 4}]},
                        {"relatedScore": 0, "related": []},
                        {"relatedScore": 5, "related": [{"score": 5}]},
                    ]
                }
            },
        ),
    ),
)
