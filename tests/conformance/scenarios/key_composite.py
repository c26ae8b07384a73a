"""A composite @key of two scalar fields identifies the entity in both subgraphs."""

from __future__ import annotations

from typing import Any

from ..harness import Case, Scenario, Subgraph, link

ROOMS: list[dict[str, Any]] = [
    {"building": "north", "number": 101, "seats": 30},
    {"building": "north", "number": 102, "seats": 12},
    {"building": "south", "number": 101, "seats": 80},
]
BOOKED = {("north", 101): ["mon", "wed"], ("south", 101): ["fri"]}

rooms = Subgraph(
    name="rooms",
    sdl=link("@key")
    + """
    type Query { rooms: [Room!]!  room(building: String!, number: Int!): Room }
    type Room @key(fields: "building number") { building: String!  number: Int!  seats: Int! }
    """,
    resolvers={
        "Query": {
            "rooms": lambda _p, _i: ROOMS,
            "room": lambda _p, _i, building, number: next(
                (r for r in ROOMS if r["building"] == building and r["number"] == number), None
            ),
        }
    },
    entities={
        "Room": lambda rep: next(
            (r for r in ROOMS if (r["building"], r["number"]) == (rep["building"], rep["number"])),
            None,
        )
    },
)

calendar = Subgraph(
    name="calendar",
    sdl=link("@key")
    + """
    type Room @key(fields: "building number") {
      building: String!  number: Int!  bookedDays: [String!]!  free: Boolean!
    }
    """,
    entities={
        "Room": lambda rep: {
            "bookedDays": BOOKED.get((rep["building"], rep["number"]), []),
            "free": (rep["building"], rep["number"]) not in BOOKED,
        }
    },
)

SCENARIO = Scenario(
    name="key-composite",
    feature="entity hop through a composite @key made of two scalar fields",
    subgraphs=(rooms, calendar),
    cases=(
        Case(
            name="list-with-composite-key",
            query="{ rooms { number bookedDays } }",
            expected={
                "data": {
                    "rooms": [
                        {"number": 101, "bookedDays": ["mon", "wed"]},
                        {"number": 102, "bookedDays": []},
                        {"number": 101, "bookedDays": ["fri"]},
                    ]
                }
            },
        ),
        Case(
            name="same-number-other-building",
            query='{ room(building: "south", number: 101) { seats free bookedDays } }',
            expected={"data": {"room": {"seats": 80, "free": False, "bookedDays": ["fri"]}}},
        ),
        Case(
            name="key-fields-and-remote-field",
            query='{ room(building: "north", number: 102) { building number free } }',
            expected={"data": {"room": {"building": "north", "number": 102, "free": True}}},
        ),
    ),
)
