"""Input objects (nested, lists, defaults) forwarded to root and entity fields."""

from __future__ import annotations

from typing import Any

from ..harness import Case, Scenario, Subgraph, link

FLIGHTS: list[dict[str, Any]] = [
    {"code": "TP1", "origin": "LIS", "dest": "OSL", "seats": 3},
    {"code": "SK2", "origin": "OSL", "dest": "CPH", "seats": 0},
    {"code": "TP3", "origin": "LIS", "dest": "CPH", "seats": 9},
]


def _search(_p: Any, _i: Any, filter: dict[str, Any]) -> list[dict[str, Any]]:
    route = filter["route"]
    found = [
        f
        for f in FLIGHTS
        if f["origin"] == route["origin"] and (not route["dests"] or f["dest"] in route["dests"])
    ]
    return [f for f in found if f["seats"] > 0 or filter["includeFull"]]


flights = Subgraph(
    name="flights",
    sdl=link("@key")
    + """
    input Route { origin: String!  dests: [String!]! = [] }
    input FlightFilter { route: Route!  includeFull: Boolean = false }
    type Query { search(filter: FlightFilter!): [Flight!]! }
    type Flight @key(fields: "code") { code: String!  dest: String! }
    """,
    resolvers={"Query": {"search": _search}},
    entities={"Flight": lambda rep: next(f for f in FLIGHTS if f["code"] == rep["code"])},
)


def _fare(flight: dict[str, Any], _i: Any, options: dict[str, Any]) -> int:
    base = 100 if flight["code"].startswith("TP") else 80
    return base + 30 * len(options["extras"]) + (50 if options.get("flexible") else 0)


fares = Subgraph(
    name="fares",
    sdl=link("@key")
    + """
    input FareOptions { extras: [String!]!  flexible: Boolean }
    type Flight @key(fields: "code") { code: String!  fare(options: FareOptions!): Int! }
    """,
    resolvers={"Flight": {"fare": _fare}},
    entities={"Flight": lambda rep: {}},
)

SCENARIO = Scenario(
    name="input-objects",
    feature="nested input objects with lists and defaults, in root and entity field arguments",
    subgraphs=(flights, fares),
    cases=(
        Case(
            name="nested-literal-with-defaults",
            query='{ search(filter: { route: { origin: "LIS" } }) { code dest } }',
            expected={
                "data": {"search": [{"code": "TP1", "dest": "OSL"}, {"code": "TP3", "dest": "CPH"}]}
            },
        ),
        Case(
            name="input-variable-and-remote-input-literal",
            query="""query ($f: FlightFilter!) {
                search(filter: $f) { code fare(options: { extras: ["bag", "seat"] }) } }""",
            variables={"f": {"route": {"origin": "OSL", "dests": ["CPH"]}, "includeFull": True}},
            expected={"data": {"search": [{"code": "SK2", "fare": 140}]}},
        ),
        Case(
            name="remote-input-from-variable",
            query="""query ($o: FareOptions!) {
                search(filter: { route: { origin: "LIS", dests: ["CPH"] } }) {
                  fare(options: $o) } }""",
            variables={"o": {"extras": [], "flexible": True}},
            expected={"data": {"search": [{"fare": 150}]}},
        ),
    ),
)
