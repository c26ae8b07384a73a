"""Same-named fields whose types differ inside one subgraph (but not in the API schema)."""

from __future__ import annotations

from ..harness import Case, Scenario, Subgraph, link

hardware = Subgraph(
    name="hardware",
    sdl=link("@shareable")
    + """
    type Query { parts: [Part!]! }
    union Part = Bolt | Nut
    type Bolt @shareable { size: Int! }
    type Nut { size: Int }
    """,
    resolvers={
        "Query": {
            "parts": lambda _p, _i: [
                {"__typename": "Bolt", "size": 8},
                {"__typename": "Nut", "size": None},
                {"__typename": "Nut", "size": 6},
            ]
        }
    },
)

fasteners = Subgraph(
    name="fasteners",
    sdl=link("@shareable")
    + """
    type Query { spareBolt: Bolt }
    type Bolt @shareable { size: Int }
    """,
    resolvers={"Query": {"spareBolt": lambda _p, _i: {"size": 10}}},
)

SCENARIO = Scenario(
    name="subgraph-type-mismatch",
    feature="fields conflicting in a subgraph (Int! vs Int) fetched together: the gateway aliases",
    subgraphs=(hardware, fasteners),
    cases=(
        Case(
            name="both-members-same-field-name",
            query="{ parts { __typename ... on Bolt { size } ... on Nut { size } } }",
            expected={
                "data": {
                    "parts": [
                        {"__typename": "Bolt", "size": 8},
                        {"__typename": "Nut", "size": None},
                        {"__typename": "Nut", "size": 6},
                    ]
                }
            },
        ),
        Case(
            name="client-alias-over-mismatch",
            query="{ parts { ... on Bolt { s: size } ... on Nut { s: size } } spareBolt { size } }",
            expected={
                "data": {
                    "parts": [{"s": 8}, {"s": None}, {"s": 6}],
                    "spareBolt": {"size": 10},
                }
            },
        ),
    ),
)
