"""Custom scalars defined in several subgraphs pass through the gateway unchanged."""

from __future__ import annotations

from typing import Any

from ..harness import Case, Scenario, Subgraph, link

EVENTS: list[dict[str, Any]] = [
    {"id": "e1", "at": "2026-01-02T03:04:05Z", "meta": {"tags": ["a", "b"], "n": 1}},
    {"id": "e2", "at": "2026-02-03T00:00:00Z", "meta": None},
]

timeline = Subgraph(
    name="timeline",
    sdl=link("@key")
    + """
    scalar DateTime
    scalar JSON
    type Query { events(after: DateTime): [Event!]! }
    type Event @key(fields: "id") { id: ID!  at: DateTime!  meta: JSON }
    """,
    resolvers={
        "Query": {
            "events": lambda _p, _i, after=None: [
                e for e in EVENTS if after is None or e["at"] > after
            ]
        }
    },
    entities={"Event": lambda rep: next(e for e in EVENTS if e["id"] == rep["id"])},
)

alerts = Subgraph(
    name="alerts",
    sdl=link("@key")
    + """
    scalar DateTime
    type Event @key(fields: "id") { id: ID!  remindAt: DateTime! }
    """,
    entities={"Event": lambda rep: {"remindAt": f"reminder-{rep['id']}"}},
)

SCENARIO = Scenario(
    name="custom-scalars",
    feature="custom scalar values (strings, JSON objects) and scalar arguments pass through",
    subgraphs=(timeline, alerts),
    cases=(
        Case(
            name="json-object-and-remote-scalar",
            query="{ events { meta remindAt } }",
            expected={
                "data": {
                    "events": [
                        {"meta": {"tags": ["a", "b"], "n": 1}, "remindAt": "reminder-e1"},
                        {"meta": None, "remindAt": "reminder-e2"},
                    ]
                }
            },
        ),
        Case(
            name="scalar-argument-from-variable",
            query="query ($t: DateTime) { events(after: $t) { id at } }",
            variables={"t": "2026-01-31T00:00:00Z"},
            expected={"data": {"events": [{"id": "e2", "at": "2026-02-03T00:00:00Z"}]}},
        ),
    ),
)
