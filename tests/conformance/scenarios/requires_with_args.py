"""@requires of a field that takes arguments, with argument values fixed in the field set."""

from __future__ import annotations

from typing import Any

from ..harness import Case, Scenario, Subgraph, link

RATES = {"EUR": 100, "USD": 110, "JPY": 16000}
TRIPS: dict[str, dict[str, Any]] = {
    "t1": {"id": "t1", "city": "Rome", "baseEur": 300},
    "t2": {"id": "t2", "city": "Kyoto", "baseEur": 1000},
}

pricing = Subgraph(
    name="pricing",
    sdl=link("@key")
    + """
    type Query { trips: [Trip!]! }
    type Trip @key(fields: "id") { id: ID!  city: String!  price(currency: String!): Int! }
    """,
    resolvers={
        "Query": {"trips": lambda _p, _i: list(TRIPS.values())},
        "Trip": {
            "price": lambda trip, _i, currency: (
                TRIPS[trip["id"]]["baseEur"] * RATES[currency] // 100
            )
        },
    },
    entities={"Trip": lambda rep: TRIPS.get(rep["id"])},
)


def _budget(trip: dict[str, Any], _info: Any) -> str:
    return "luxury" if trip["price"] > 50000 else "budget"


travel = Subgraph(
    name="travel",
    sdl=link("@key", "@external", "@requires")
    + """
    type Trip @key(fields: "id") {
      id: ID!
      price(currency: String!): Int! @external
      budgetClassInYen: String! @requires(fields: "price(currency: \\"JPY\\")")
    }
    """,
    resolvers={"Trip": {"budgetClassInYen": _budget}},
    entities={"Trip": lambda rep: {}},
)

SCENARIO = Scenario(
    name="requires-with-args",
    feature="@requires of a field with a literal argument",
    subgraphs=(pricing, travel),
    cases=(
        Case(
            name="required-with-argument",
            query="{ trips { city budgetClassInYen } }",
            expected={
                "data": {
                    "trips": [
                        {"city": "Rome", "budgetClassInYen": "budget"},
                        {"city": "Kyoto", "budgetClassInYen": "luxury"},
                    ]
                }
            },
        ),
        Case(
            name="client-asks-same-field-other-argument",
            query='{ trips { price(currency: "USD") budgetClassInYen } }',
            expected={
                "data": {
                    "trips": [
                        {"price": 330, "budgetClassInYen": "budget"},
                        {"price": 1100, "budgetClassInYen": "luxury"},
                    ]
                }
            },
        ),
        Case(
            name="client-alias-and-argument-variable",
            query="query ($c: String!) { trips { p: price(currency: $c) budgetClassInYen } }",
            variables={"c": "EUR"},
            expected={
                "data": {
                    "trips": [
                        {"p": 300, "budgetClassInYen": "budget"},
                        {"p": 1000, "budgetClassInYen": "luxury"},
                    ]
                }
            },
        ),
    ),
)
