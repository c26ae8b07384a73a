"""A single-field @key: the accounts subgraph owns Member, the loyalty subgraph adds points."""

from __future__ import annotations

from typing import Any

from ..harness import Case, Scenario, Subgraph, link

MEMBERS: dict[str, dict[str, Any]] = {
    "m1": {"id": "m1", "handle": "ada", "points": 120},
    "m2": {"id": "m2", "handle": "grace", "points": 75},
    "m3": {"id": "m3", "handle": "linus", "points": 0},
}

accounts = Subgraph(
    name="accounts",
    sdl=link("@key")
    + """
    type Query { member(id: ID!): Member  members: [Member!]! }
    type Member @key(fields: "id") { id: ID!  handle: String! }
    """,
    resolvers={
        "Query": {
            "member": lambda _p, _i, id: (
                {"id": id, "handle": MEMBERS[id]["handle"]} if id in MEMBERS else None
            ),
            "members": lambda _p, _i: [
                {"id": m["id"], "handle": m["handle"]} for m in MEMBERS.values()
            ],
        }
    },
    entities={"Member": lambda rep: {"handle": MEMBERS[rep["id"]]["handle"]}},
)

loyalty = Subgraph(
    name="loyalty",
    sdl=link("@key")
    + """
    type Member @key(fields: "id") { id: ID!  points: Int!  tier: String! }
    """,
    entities={
        "Member": lambda rep: (
            {
                "points": MEMBERS[rep["id"]]["points"],
                "tier": "gold" if MEMBERS[rep["id"]]["points"] >= 100 else "basic",
            }
            if rep["id"] in MEMBERS
            else None
        )
    },
)

SCENARIO = Scenario(
    name="key-single-field",
    feature="entity hop from the owning subgraph to another through a one-field @key",
    subgraphs=(accounts, loyalty),
    cases=(
        Case(
            name="one-hop",
            query='{ member(id: "m1") { handle points } }',
            expected={"data": {"member": {"handle": "ada", "points": 120}}},
        ),
        Case(
            name="list-hop-keeps-order",
            query="{ members { tier id handle } }",
            expected={
                "data": {
                    "members": [
                        {"tier": "gold", "id": "m1", "handle": "ada"},
                        {"tier": "basic", "id": "m2", "handle": "grace"},
                        {"tier": "basic", "id": "m3", "handle": "linus"},
                    ]
                }
            },
        ),
        Case(
            name="null-root-skips-hop",
            query='{ member(id: "nobody") { handle points } }',
            expected={"data": {"member": None}},
        ),
        Case(
            name="only-remote-fields",
            query='{ member(id: "m2") { points tier } }',
            expected={"data": {"member": {"points": 75, "tier": "basic"}}},
        ),
        Case(
            name="aliases-across-the-hop",
            query='{ m: member(id: "m3") { t: tier p: points } }',
            expected={"data": {"m": {"t": "basic", "p": 0}}},
        ),
    ),
)
