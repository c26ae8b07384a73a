"""Several keys, some `resolvable: false`: each subgraph is entered by a key it resolves."""

from __future__ import annotations

from typing import Any

from ..harness import Case, Scenario, Subgraph, link

DEVICES: dict[str, dict[str, Any]] = {
    "d1": {"id": "d1", "mac": "aa:01", "model": "Pi"},
    "d2": {"id": "d2", "mac": "aa:02", "model": "Duino"},
}

inventory = Subgraph(
    name="inventory",
    sdl=link("@key")
    + """
    type Device @key(fields: "id") @key(fields: "mac", resolvable: false) {
      id: ID!  mac: String!  model: String!
    }
    """,
    entities={"Device": lambda rep: DEVICES.get(rep["id"])},
)

network = Subgraph(
    name="network",
    sdl=link("@key")
    + """
    type Query { online: [Device!]! }
    type Device @key(fields: "mac") @key(fields: "id", resolvable: false) {
      mac: String!  id: ID!  ip: String!
    }
    """,
    resolvers={
        "Query": {
            "online": lambda _p, _i: [
                {"mac": d["mac"], "id": d["id"], "ip": f"10.0.0.{i + 1}"}
                for i, d in enumerate(DEVICES.values())
            ]
        }
    },
    entities={
        "Device": lambda rep: next(
            (
                {"id": d["id"], "ip": f"10.0.0.{i + 1}"}
                for i, d in enumerate(DEVICES.values())
                if d["mac"] == rep["mac"]
            ),
            None,
        )
    },
)

SCENARIO = Scenario(
    name="key-resolvable-mix",
    feature="entering subgraphs only through their resolvable keys when others are declared too",
    subgraphs=(inventory, network),
    cases=(
        Case(
            name="hop-by-resolvable-key",
            query="{ online { ip model } }",
            expected={
                "data": {
                    "online": [
                        {"ip": "10.0.0.1", "model": "Pi"},
                        {"ip": "10.0.0.2", "model": "Duino"},
                    ]
                }
            },
        ),
        Case(
            name="keys-only-stay-local",
            query="{ online { mac id } }",
            expected={
                "data": {"online": [{"mac": "aa:01", "id": "d1"}, {"mac": "aa:02", "id": "d2"}]}
            },
        ),
    ),
)
