"""An entity hop at depth four, below value types and lists owned by the first subgraph."""

from __future__ import annotations

from typing import Any

from ..harness import Case, Scenario, Subgraph, link

COMPANY: dict[str, Any] = {
    "name": "Initech",
    "departments": [
        {
            "name": "R&D",
            "teams": [{"name": "core", "lead": {"id": "e1"}}, {"name": "ui", "lead": {"id": "e2"}}],
        },
        {"name": "Ops", "teams": [{"name": "infra", "lead": {"id": "e1"}}]},
    ],
}
EMAILS = {"e1": "peter@initech.test", "e2": "milton@initech.test"}

org = Subgraph(
    name="org",
    sdl=link("@key")
    + """
    type Query { company: Company! }
    type Company { name: String!  departments: [Department!]! }
    type Department { name: String!  teams: [Team!]! }
    type Team { name: String!  lead: Employee! }
    type Employee @key(fields: "id") { id: ID! }
    """,
    resolvers={"Query": {"company": lambda _p, _i: COMPANY}},
    entities={"Employee": lambda rep: {}},
)

directory = Subgraph(
    name="directory",
    sdl=link("@key")
    + """
    type Employee @key(fields: "id") { id: ID!  email: String! }
    """,
    entities={"Employee": lambda rep: {"email": EMAILS[rep["id"]]}},
)

SCENARIO = Scenario(
    name="deep-nesting",
    feature="flattening an entity fetch through nested lists of value types",
    subgraphs=(org, directory),
    cases=(
        Case(
            name="hop-at-depth-four",
            query="{ company { departments { name teams { name lead { email } } } } }",
            expected={
                "data": {
                    "company": {
                        "departments": [
                            {
                                "name": "R&D",
                                "teams": [
                                    {"name": "core", "lead": {"email": "peter@initech.test"}},
                                    {"name": "ui", "lead": {"email": "milton@initech.test"}},
                                ],
                            },
                            {
                                "name": "Ops",
                                "teams": [
                                    {"name": "infra", "lead": {"email": "peter@initech.test"}}
                                ],
                            },
                        ]
                    }
                }
            },
        ),
        Case(
            name="only-deep-remote-field",
            query="{ company { departments { teams { lead { email id } } } } }",
            expected={
                "data": {
                    "company": {
                        "departments": [
                            {
                                "teams": [
                                    {"lead": {"email": "peter@initech.test", "id": "e1"}},
                                    {"lead": {"email": "milton@initech.test", "id": "e2"}},
                                ]
                            },
                            {"teams": [{"lead": {"email": "peter@initech.test", "id": "e1"}}]},
                        ]
                    }
                }
            },
        ),
    ),
)
