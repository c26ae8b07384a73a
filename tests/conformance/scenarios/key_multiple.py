"""An entity with two keys; two other subgraphs each know it by a different one."""

from __future__ import annotations

from typing import Any

from ..harness import Case, Scenario, Subgraph, link

SHIPS: list[dict[str, Any]] = [
    {"id": "s1", "imo": "IMO-1", "name": "Aurora"},
    {"id": "s2", "imo": "IMO-2", "name": "Borealis"},
]
PORTS = {"IMO-1": "Lisbon", "IMO-2": "Oslo"}
CREW = {"s1": 12, "s2": 30}


def _find(rep: dict[str, Any]) -> dict[str, Any] | None:
    return next((s for s in SHIPS if s["id"] == rep.get("id") or s["imo"] == rep.get("imo")), None)


registry = Subgraph(
    name="registry",
    sdl=link("@key")
    + """
    type Ship @key(fields: "id") @key(fields: "imo") { id: ID!  imo: String!  name: String! }
    """,
    entities={"Ship": _find},
)

tracking = Subgraph(
    name="tracking",
    sdl=link("@key")
    + """
    type Query { shipsInPort: [Ship!]! }
    type Ship @key(fields: "imo") { imo: String!  port: String! }
    """,
    resolvers={
        "Query": {
            "shipsInPort": lambda _p, _i: [
                {"imo": s["imo"], "port": PORTS[s["imo"]]} for s in SHIPS
            ]
        }
    },
    entities={"Ship": lambda rep: {"port": PORTS[rep["imo"]]}},
)

crewing = Subgraph(
    name="crewing",
    sdl=link("@key")
    + """
    type Query { largestCrew: Ship }
    type Ship @key(fields: "id") { id: ID!  crewSize: Int! }
    """,
    resolvers={"Query": {"largestCrew": lambda _p, _i: {"id": "s2", "crewSize": CREW["s2"]}}},
    entities={"Ship": lambda rep: {"crewSize": CREW[rep["id"]]}},
)

SCENARIO = Scenario(
    name="key-multiple",
    feature="several @key per entity: one key turned into another by the subgraph owning both",
    subgraphs=(registry, tracking, crewing),
    cases=(
        Case(
            name="imo-to-id-through-registry",
            query="{ shipsInPort { port name crewSize } }",
            expected={
                "data": {
                    "shipsInPort": [
                        {"port": "Lisbon", "name": "Aurora", "crewSize": 12},
                        {"port": "Oslo", "name": "Borealis", "crewSize": 30},
                    ]
                }
            },
        ),
        Case(
            name="id-to-imo-through-registry",
            query="{ largestCrew { crewSize port imo } }",
            expected={"data": {"largestCrew": {"crewSize": 30, "port": "Oslo", "imo": "IMO-2"}}},
        ),
        Case(
            name="only-key-field-of-other-key",
            query="{ largestCrew { id imo } }",
            expected={"data": {"largestCrew": {"id": "s2", "imo": "IMO-2"}}},
        ),
    ),
)
