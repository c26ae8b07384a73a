"""Enum values as arguments forwarded to remote fields and as output from two subgraphs."""

from __future__ import annotations

from typing import Any

from ..harness import Case, Scenario, Subgraph, link

TICKETS: list[dict[str, Any]] = [
    {"id": "t1", "queue": "q1", "status": "OPEN"},
    {"id": "t2", "queue": "q1", "status": "CLOSED"},
    {"id": "t3", "queue": "q2", "status": "OPEN"},
]

queues = Subgraph(
    name="queues",
    sdl=link("@key", "@shareable")
    + """
    type Query { queues: [Queue!]! }
    enum Status { OPEN CLOSED }
    type Queue @key(fields: "id") { id: ID!  defaultStatus: Status! }
    """,
    resolvers={
        "Query": {
            "queues": lambda _p, _i: [
                {"id": "q1", "defaultStatus": "OPEN"},
                {"id": "q2", "defaultStatus": "CLOSED"},
            ]
        }
    },
    entities={"Queue": lambda rep: {"defaultStatus": "OPEN"}},
)

tickets = Subgraph(
    name="tickets",
    sdl=link("@key")
    + """
    enum Status { OPEN CLOSED }
    type Queue @key(fields: "id") { id: ID!  tickets(status: Status): [Ticket!]! }
    type Ticket { id: ID!  status: Status! }
    """,
    resolvers={
        "Queue": {
            "tickets": lambda queue, _i, status=None: [
                t for t in TICKETS if t["queue"] == queue["id"] and status in (None, t["status"])
            ]
        }
    },
    entities={"Queue": lambda rep: {}},
)

SCENARIO = Scenario(
    name="enums-across",
    feature="enum literals and variables forwarded to another subgraph; enum output from both",
    subgraphs=(queues, tickets),
    cases=(
        Case(
            name="enum-literal-on-remote-field",
            query="{ queues { id tickets(status: OPEN) { id } } }",
            expected={
                "data": {
                    "queues": [
                        {"id": "q1", "tickets": [{"id": "t1"}]},
                        {"id": "q2", "tickets": [{"id": "t3"}]},
                    ]
                }
            },
        ),
        Case(
            name="enum-variable-and-enum-output",
            query="query ($s: Status!) { queues { defaultStatus tickets(status: $s) { status } } }",
            variables={"s": "CLOSED"},
            expected={
                "data": {
                    "queues": [
                        {"defaultStatus": "OPEN", "tickets": [{"status": "CLOSED"}]},
                        {"defaultStatus": "CLOSED", "tickets": []},
                    ]
                }
            },
        ),
        Case(
            name="unknown-enum-value-rejected",
            query="{ queues { tickets(status: PENDING) { id } } }",
            expected={"errors": [{"extensions": {"code": "GRAPHQL_VALIDATION_FAILED"}}]},
        ),
    ),
)
