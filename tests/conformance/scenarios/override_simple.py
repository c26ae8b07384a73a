"""@override(from:) moves a field to another subgraph: only the overriding subgraph answers it."""

from __future__ import annotations

from ..harness import Case, Scenario, Subgraph, link

legacy = Subgraph(
    name="legacy",
    sdl=link("@key")
    + """
    type Query { invoices: [Invoice!]! }
    type Invoice @key(fields: "id") { id: ID!  total: Int!  status: String! }
    """,
    resolvers={
        "Query": {
            "invoices": lambda _p, _i: [
                {"id": "v1", "total": 10, "status": "legacy-status"},
                {"id": "v2", "total": 20, "status": "legacy-status"},
            ]
        }
    },
    entities={"Invoice": lambda rep: {"total": 10, "status": "legacy-status"}},
)

billing = Subgraph(
    name="billing",
    sdl=link("@key", "@override")
    + """
    type Query { invoice(id: ID!): Invoice }
    type Invoice @key(fields: "id") { id: ID!  status: String! @override(from: "legacy") }
    """,
    resolvers={"Query": {"invoice": lambda _p, _i, id: {"id": id, "status": f"paid-{id}"}}},
    entities={"Invoice": lambda rep: {"status": f"paid-{rep['id']}"}},
)

SCENARIO = Scenario(
    name="override-simple",
    feature="@override(from:) routes the field to the overriding subgraph from every path",
    subgraphs=(legacy, billing),
    cases=(
        Case(
            name="overridden-field-from-list",
            query="{ invoices { id total status } }",
            expected={
                "data": {
                    "invoices": [
                        {"id": "v1", "total": 10, "status": "paid-v1"},
                        {"id": "v2", "total": 20, "status": "paid-v2"},
                    ]
                }
            },
        ),
        Case(
            name="overriding-subgraph-root",
            query='{ invoice(id: "v9") { status } }',
            expected={"data": {"invoice": {"status": "paid-v9"}}},
        ),
    ),
)
