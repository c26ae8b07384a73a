"""Entity lists with nulls, duplicates, nested lists, and entities unknown to the other side."""

from __future__ import annotations

from typing import Any

from ..harness import Case, Scenario, Subgraph, link

COLORS = {"p1": "red", "p2": "blue"}


def _pin(pin_id: str | None) -> dict[str, Any] | None:
    return None if pin_id is None else {"id": pin_id}


board = Subgraph(
    name="board",
    sdl=link("@key")
    + """
    type Query { pins: [Pin]  grid: [[Pin!]!]!  lonely: Pin }
    type Pin @key(fields: "id") { id: ID! }
    """,
    resolvers={
        "Query": {
            "pins": lambda _p, _i: [_pin(x) for x in ("p1", None, "p2", "p1", "p9")],
            "grid": lambda _p, _i: [[_pin("p2"), _pin("p1")], [], [_pin("p2")]],
            "lonely": lambda _p, _i: None,
        }
    },
    entities={"Pin": lambda rep: {}},
)

paint = Subgraph(
    name="paint",
    sdl=link("@key")
    + """
    type Pin @key(fields: "id") { id: ID!  color: String  shade: String! }
    """,
    entities={
        "Pin": lambda rep: (
            {"color": COLORS[rep["id"]], "shade": "matte"} if rep["id"] in COLORS else None
        )
    },
)

SCENARIO = Scenario(
    name="entity-lists-nulls",
    feature="entity hops over lists holding nulls, duplicates, nested lists; unknown entities",
    subgraphs=(board, paint),
    cases=(
        Case(
            name="nulls-duplicates-unknown",
            query="{ pins { id color } }",
            expected={
                "data": {
                    "pins": [
                        {"id": "p1", "color": "red"},
                        None,
                        {"id": "p2", "color": "blue"},
                        {"id": "p1", "color": "red"},
                        {"id": "p9", "color": None},
                    ]
                }
            },
        ),
        Case(
            name="nested-lists",
            query="{ grid { color } }",
            expected={
                "data": {"grid": [[{"color": "blue"}, {"color": "red"}], [], [{"color": "blue"}]]}
            },
        ),
        Case(
            name="null-parent-needs-no-hop",
            query="{ lonely { color } }",
            expected={"data": {"lonely": None}},
        ),
        Case(
            name="unknown-entity-non-null-field-bubbles",
            query="{ pins { id shade } }",
            expected={
                "data": {
                    "pins": [
                        {"id": "p1", "shade": "matte"},
                        None,
                        {"id": "p2", "shade": "matte"},
                        {"id": "p1", "shade": "matte"},
                        None,
                    ]
                },
            },
            # The null must bubble to the list item. @apollo/gateway reports it under
            # extensions.valueCompletion, graphql-js-style execution as a field error.
            check_errors=False,
        ),
    ),
)
