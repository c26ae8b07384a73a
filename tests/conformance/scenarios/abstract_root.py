"""A root field returning an interface; implementations are entities extended elsewhere."""

from __future__ import annotations

from typing import Any

from ..harness import Case, Scenario, Subgraph, link

NODES: dict[str, dict[str, Any]] = {
    "harbor:1": {"__typename": "Harbor", "id": "harbor:1", "name": "Leith"},
    "boat:7": {"__typename": "Boat", "id": "boat:7", "name": "Selkie"},
}
BERTHS = {"harbor:1": 40}
OWNERS = {"boat:7": "Fionn"}

registry = Subgraph(
    name="registry",
    sdl=link("@key")
    + """
    type Query { node(id: ID!): Node  nodes(ids: [ID!]!): [Node]! }
    interface Node { id: ID! }
    type Harbor implements Node @key(fields: "id") { id: ID!  name: String! }
    type Boat implements Node @key(fields: "id") { id: ID!  name: String! }
    """,
    resolvers={
        "Query": {
            "node": lambda _p, _i, id: NODES.get(id),
            "nodes": lambda _p, _i, ids: [NODES.get(i) for i in ids],
        }
    },
    entities={"Harbor": lambda rep: NODES.get(rep["id"]), "Boat": lambda rep: NODES.get(rep["id"])},
)

details = Subgraph(
    name="details",
    sdl=link("@key")
    + """
    type Harbor @key(fields: "id") { id: ID!  berths: Int! }
    type Boat @key(fields: "id") { id: ID!  owner: String! }
    """,
    entities={
        "Harbor": lambda rep: {"berths": BERTHS[rep["id"]]},
        "Boat": lambda rep: {"owner": OWNERS[rep["id"]]},
    },
)

SCENARIO = Scenario(
    name="abstract-root",
    feature="node(id:)-style interface root field with per-type entity hops",
    subgraphs=(registry, details),
    cases=(
        Case(
            name="node-with-remote-field",
            query="""{ node(id: "harbor:1") {
                id ... on Harbor { name berths } ... on Boat { owner } } }""",
            expected={"data": {"node": {"id": "harbor:1", "name": "Leith", "berths": 40}}},
        ),
        Case(
            name="nodes-mixed-with-missing",
            query="""{ nodes(ids: ["boat:7", "nope", "harbor:1"]) {
                __typename ... on Boat { owner } ... on Harbor { berths } } }""",
            expected={
                "data": {
                    "nodes": [
                        {"__typename": "Boat", "owner": "Fionn"},
                        None,
                        {"__typename": "Harbor", "berths": 40},
                    ]
                }
            },
        ),
        Case(
            name="missing-node-is-null",
            query='{ node(id: "nope") { id } }',
            expected={"data": {"node": None}},
        ),
    ),
)
