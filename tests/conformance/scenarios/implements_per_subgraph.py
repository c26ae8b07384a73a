"""A type implements an interface in one subgraph only: fragments on it need the right subgraph."""

from __future__ import annotations

from ..harness import Case, Scenario, Subgraph, link

kitchen = Subgraph(
    name="kitchen",
    sdl=link("@key")
    + """
    type Query { appliances: [Appliance!]! }
    union Appliance = Oven | Toaster
    interface Powered { watts: Int }
    type Oven @key(fields: "id") { id: ID! }
    type Toaster implements Powered @key(fields: "id") { id: ID!  watts: Int }
    """,
    resolvers={
        "Query": {
            "appliances": lambda _p, _i: [
                {"__typename": "Oven", "id": "o1"},
                {"__typename": "Toaster", "id": "t1", "watts": 800},
            ]
        }
    },
    entities={"Oven": lambda rep: {}, "Toaster": lambda rep: {"watts": 800}},
)

energy = Subgraph(
    name="energy",
    sdl=link("@key")
    + """
    interface Powered { watts: Int }
    type Oven implements Powered @key(fields: "id") { id: ID!  watts: Int }
    """,
    entities={"Oven": lambda rep: {"watts": 2000}},
)

SCENARIO = Scenario(
    name="implements-per-subgraph",
    feature="a fragment on an interface that one member implements only in another subgraph",
    subgraphs=(kitchen, energy),
    cases=(
        Case(
            name="interface-fragment-inside-union",
            query="{ appliances { __typename ... on Powered { watts } } }",
            expected={
                "data": {
                    "appliances": [
                        {"__typename": "Oven", "watts": 2000},
                        {"__typename": "Toaster", "watts": 800},
                    ]
                }
            },
        ),
        Case(
            name="concrete-and-interface-fragments",
            query="{ appliances { ... on Oven { id } ... on Powered { watts } } }",
            expected={"data": {"appliances": [{"id": "o1", "watts": 2000}, {"watts": 800}]}},
        ),
    ),
)
