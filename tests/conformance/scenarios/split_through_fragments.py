"""Fields no single subgraph completes, selected through fragments, are split field by field.

A value type (no key) shared at the root, and a value type below an entity that only a
parent entity call reaches: when the client wraps the fields in an inline fragment on the
type itself, or a named fragment, each field must still go to the subgraph that has it.
"""

from __future__ import annotations

from typing import Any

from ..harness import Case, Scenario, Subgraph, link

FORECAST = {"city": "Lyon", "high": 21, "low": 9, "summary": "sunny"}

highs = Subgraph(
    name="highs",
    sdl=link("@shareable")
    + """
    type Query { forecast: Forecast! @shareable }
    type Forecast @shareable { city: String!  high: Int! }
    """,
    resolvers={"Query": {"forecast": lambda _p, _i: {"city": "Lyon", "high": 21}}},
)
lows = Subgraph(
    name="lows",
    sdl=link("@shareable")
    + """
    type Query { forecast: Forecast! @shareable }
    type Forecast @shareable { city: String!  low: Int! }
    """,
    resolvers={"Query": {"forecast": lambda _p, _i: {"city": "Lyon", "low": 9}}},
)
words = Subgraph(
    name="words",
    sdl=link("@shareable")
    + """
    type Query { forecast: Forecast! @shareable }
    type Forecast @shareable { summary: String! }
    """,
    resolvers={"Query": {"forecast": lambda _p, _i: {"summary": "sunny"}}},
)

SHOWS: dict[str, dict[str, Any]] = {"s1": {"id": "s1", "title": "Carmen"}}
VENUE_OF = {"s1": {"address": "1 Place de l'Opera", "id": "v7"}}
SEATS = {"v7": 1200}

shows = Subgraph(
    name="shows",
    sdl=link("@key")
    + """
    type Query { show(id: ID!): Show }
    type Show @key(fields: "id") { id: ID!  title: String! }
    """,
    resolvers={"Query": {"show": lambda _p, _i, id: SHOWS.get(id)}},
    entities={"Show": lambda rep: SHOWS.get(rep["id"])},
)
addresses = Subgraph(
    name="addresses",
    sdl=link("@key", "@shareable")
    + """
    type Show @key(fields: "id") { id: ID!  venue: Venue @shareable }
    type Venue { address: String! }
    """,
    entities={"Show": lambda rep: {"venue": {"address": VENUE_OF[rep["id"]]["address"]}}},
)
halls = Subgraph(
    name="halls",
    sdl=link("@key", "@shareable")
    + """
    type Show @key(fields: "id") { id: ID!  venue: Venue @shareable }
    type Venue { id: ID! @shareable }
    """,
    entities={"Show": lambda rep: {"venue": {"id": VENUE_OF[rep["id"]]["id"]}}},
)
seating = Subgraph(
    name="seating",
    sdl=link("@key", "@shareable")
    + """
    type Venue @key(fields: "id") { id: ID! @shareable  seats: Int! }
    """,
    entities={"Venue": lambda rep: {"seats": SEATS[rep["id"]]}},
)

VENUE = {"address": "1 Place de l'Opera", "__typename": "Venue", "id": "v7", "seats": 1200}

SCENARIO = Scenario(
    name="split-through-fragments",
    feature="fields of one selection split across subgraphs when fragments wrap them",
    subgraphs=(highs, lows, words, shows, addresses, halls, seating),
    cases=(
        Case(
            name="root-inline-fragment-on-own-type",
            query="{ forecast { ... on Forecast { high low } summary } }",
            expected={"data": {"forecast": {"high": 21, "low": 9, "summary": "sunny"}}},
        ),
        Case(
            name="root-named-fragment",
            query="{ forecast { city ...Temps } } fragment Temps on Forecast { low summary high }",
            expected={
                "data": {"forecast": {"city": "Lyon", "low": 9, "summary": "sunny", "high": 21}}
            },
        ),
        Case(
            name="root-fragment-under-variable-condition",
            query="query($w: Boolean!) { forecast { high ... @include(if: $w) { low summary } } }",
            variables={"w": True},
            expected={"data": {"forecast": {"high": 21, "low": 9, "summary": "sunny"}}},
        ),
        Case(
            name="root-fragment-condition-off",
            query="query($w: Boolean!) { forecast { high ... @include(if: $w) { low summary } } }",
            variables={"w": False},
            expected={"data": {"forecast": {"high": 21}}},
        ),
        Case(
            name="parent-entity-call-through-fragment",
            query="""{ show(id: "s1") { title venue { address __typename
                      ... on Venue { id seats address } } id } }""",
            expected={"data": {"show": {"title": "Carmen", "venue": VENUE, "id": "s1"}}},
        ),
        Case(
            name="parent-entity-call-named-fragment",
            query="""{ show(id: "s1") { venue { ...Hall } } }
                     fragment Hall on Venue { seats address }""",
            expected={
                "data": {"show": {"venue": {"seats": 1200, "address": "1 Place de l'Opera"}}}
            },
        ),
    ),
)
