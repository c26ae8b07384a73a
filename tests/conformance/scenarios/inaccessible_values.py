"""Values a subgraph returns that the API schema hides: an @inaccessible enum value or type."""

from __future__ import annotations

from typing import Any

from ..harness import Case, Scenario, Subgraph, link

CRITTERS: list[dict[str, Any]] = [
    {"id": "k1", "mood": "CALM", "friend": {"__typename": "Owl", "hoots": 3}},
    {"id": "k2", "mood": "SECRET", "friend": {"__typename": "Ghost", "boo": True}},
]

zoo = Subgraph(
    name="zoo",
    sdl=link("@key", "@inaccessible")
    + """
    type Query { critters(mood: Mood): [Critter!]! }
    enum Mood { CALM ANGRY SECRET @inaccessible }
    interface Friend { id: ID }
    type Owl implements Friend { id: ID  hoots: Int! }
    type Ghost implements Friend @inaccessible { id: ID  boo: Boolean! }
    type Critter @key(fields: "id") { id: ID!  mood: Mood  friend: Friend }
    """,
    resolvers={
        "Query": {
            "critters": lambda _p, _i, mood=None: [c for c in CRITTERS if mood in (None, c["mood"])]
        }
    },
    entities={"Critter": lambda rep: next(c for c in CRITTERS if c["id"] == rep["id"])},
)

keeper = Subgraph(
    name="keeper",
    sdl=link("@key")
    + """
    type Critter @key(fields: "id") { id: ID!  fedAt: String! }
    """,
    entities={"Critter": lambda rep: {"fedAt": "08:00" if rep["id"] == "k1" else "09:30"}},
)

SCENARIO = Scenario(
    name="inaccessible-values",
    feature="an @inaccessible enum value or object type from a subgraph never reaches clients",
    subgraphs=(zoo, keeper),
    cases=(
        Case(
            name="accessible-values-only",
            query="{ critters { id mood fedAt } }",
            expected={
                "data": {
                    "critters": [
                        {"id": "k1", "mood": "CALM", "fedAt": "08:00"},
                        {"id": "k2", "mood": None, "fedAt": "09:30"},
                    ]
                },
            },
            # The value must not leak. @apollo/gateway reports it under
            # extensions.valueCompletion, graphql-js-style execution as a field error.
            check_errors=False,
        ),
        Case(
            name="inaccessible-type-behind-interface",
            query="{ critters { id friend { __typename ... on Owl { hoots } } } }",
            expected={
                "data": {
                    "critters": [
                        {"id": "k1", "friend": {"__typename": "Owl", "hoots": 3}},
                        {"id": "k2", "friend": None},
                    ]
                },
            },
            check_errors=False,  # as above: reported differently, never leaked
        ),
        Case(
            name="accessible-enum-value-in-input",
            query="{ critters(mood: CALM) { id } }",
            expected={"data": {"critters": [{"id": "k1"}]}},
        ),
        Case(
            name="inaccessible-enum-value-rejected-in-input",
            query="{ critters(mood: SECRET) { id } }",
            expected={"errors": [{"extensions": {"code": "GRAPHQL_VALIDATION_FAILED"}}]},
        ),
    ),
)
