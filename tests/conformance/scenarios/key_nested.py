"""A @key containing a nested object selection (`id owner { id }`)."""

from __future__ import annotations

from typing import Any

from ..harness import Case, Scenario, Subgraph, link

REPOS: list[dict[str, Any]] = [
    {"id": "core", "owner": {"id": "acme", "name": "Acme"}, "stars": 10},
    {"id": "core", "owner": {"id": "zeta", "name": "Zeta"}, "stars": 3},
]
ISSUES = {("core", "acme"): 7, ("core", "zeta"): 0}

hosting = Subgraph(
    name="hosting",
    sdl=link("@key", "@shareable")
    + """
    type Query { repositories: [Repository!]! }
    type Repository @key(fields: "id owner { id }") { id: ID!  owner: Owner!  stars: Int! }
    type Owner @shareable { id: ID!  name: String! }
    """,
    resolvers={"Query": {"repositories": lambda _p, _i: REPOS}},
    entities={
        "Repository": lambda rep: next(
            (r for r in REPOS if r["id"] == rep["id"] and r["owner"]["id"] == rep["owner"]["id"]),
            None,
        )
    },
)

tracker = Subgraph(
    name="tracker",
    sdl=link("@key", "@shareable")
    + """
    type Repository @key(fields: "id owner { id }") { id: ID!  owner: Owner!  openIssues: Int! }
    type Owner @shareable { id: ID! }
    """,
    entities={"Repository": lambda rep: {"openIssues": ISSUES[(rep["id"], rep["owner"]["id"])]}},
)

SCENARIO = Scenario(
    name="key-nested",
    feature="entity hop through a @key that selects a field of a nested object",
    subgraphs=(hosting, tracker),
    cases=(
        Case(
            name="two-entities-same-id-different-owner",
            query="{ repositories { id openIssues } }",
            expected={
                "data": {
                    "repositories": [
                        {"id": "core", "openIssues": 7},
                        {"id": "core", "openIssues": 0},
                    ]
                }
            },
        ),
        Case(
            name="nested-key-object-selected-by-client",
            query="{ repositories { owner { name } openIssues stars } }",
            expected={
                "data": {
                    "repositories": [
                        {"owner": {"name": "Acme"}, "openIssues": 7, "stars": 10},
                        {"owner": {"name": "Zeta"}, "openIssues": 0, "stars": 3},
                    ]
                }
            },
        ),
    ),
)
