"""A hop whose key field is null for some entities: no representation for them, fields are null."""

from __future__ import annotations

from typing import Any

from ..harness import Case, Scenario, Subgraph, link

ITEMS: dict[str, dict[str, Any]] = {
    "s1": {"sku": "s1", "serial": "X-1"},
    "s2": {"sku": "s2", "serial": None},
}
WARRANTY = {"X-1": 24}

shelf = Subgraph(
    name="shelf",
    sdl=link("@key")
    + """
    type Query { items: [Item!]! }
    type Item @key(fields: "sku") { sku: ID! }
    """,
    resolvers={"Query": {"items": lambda _p, _i: [{"sku": s} for s in ITEMS]}},
    entities={"Item": lambda rep: {}},
)

serials = Subgraph(
    name="serials",
    sdl=link("@key")
    + """
    type Item @key(fields: "sku") @key(fields: "serial") { sku: ID!  serial: ID }
    """,
    entities={
        "Item": lambda rep: (
            ITEMS.get(rep.get("sku", ""))
            or next((i for i in ITEMS.values() if i["serial"] == rep.get("serial")), None)
        )
    },
)

warranty = Subgraph(
    name="warranty",
    sdl=link("@key")
    + """
    type Item @key(fields: "serial") { serial: ID  months: Int }
    """,
    entities={"Item": lambda rep: {"months": WARRANTY.get(rep["serial"])}},
)

SCENARIO = Scenario(
    name="null-key-hop",
    feature="an entity whose key for the next hop is null gets null fields from that subgraph",
    subgraphs=(shelf, serials, warranty),
    cases=(
        Case(
            name="null-serial-skips-warranty",
            query="{ items { sku months } }",
            expected={
                "data": {"items": [{"sku": "s1", "months": 24}, {"sku": "s2", "months": None}]}
            },
        ),
        Case(
            name="key-field-selected-too",
            query="{ items { serial months } }",
            expected={
                "data": {
                    "items": [{"serial": "X-1", "months": 24}, {"serial": None, "months": None}]
                }
            },
        ),
    ),
)
