"""Subgraph errors: partial data, re-pathed errors, null bubbling, a dead subgraph."""

from __future__ import annotations

from typing import Any

from ..harness import Case, Scenario, Subgraph, link

BOXES: list[dict[str, Any]] = [
    {"id": "b1", "label": "small", "weight": 1},
    {"id": "b2", "label": None, "weight": 5},
    {"id": "b3", "label": "big", "weight": 9},
]


def _label(box: dict[str, Any], _info: Any) -> str:
    if box["id"] == "b2":
        raise ValueError("label unreadable")
    return str(box["label"])


def _fragile(_p: Any, _i: Any) -> Any:
    raise ValueError("dropped")


inventory = Subgraph(
    name="inventory",
    sdl=link("@key")
    + """
    type Query { boxes: [Box!]!  maybeBoxes: [Box]  box(id: ID!): Box  fragile: Box }
    type Box @key(fields: "id") { id: ID!  label: String  weight: Int! }
    """,
    resolvers={
        "Query": {
            "boxes": lambda _p, _i: BOXES,
            "maybeBoxes": lambda _p, _i: BOXES,
            "box": lambda _p, _i, id: next((b for b in BOXES if b["id"] == id), None),
            "fragile": _fragile,
        },
        "Box": {"label": _label},
    },
    entities={"Box": lambda rep: next((b for b in BOXES if b["id"] == rep["id"]), None)},
)


def _inspected(box: dict[str, Any], _info: Any) -> bool:
    if box["id"] == "b3":
        raise ValueError("inspection failed")
    return True


def _note(box: dict[str, Any], _info: Any) -> str:
    if box["id"] == "b1":
        raise ValueError("note lost")
    return "ok"


checks = Subgraph(
    name="checks",
    sdl=link("@key")
    + """
    type Box @key(fields: "id") { id: ID!  inspected: Boolean!  note: String }
    """,
    resolvers={"Box": {"inspected": _inspected, "note": _note}},
    entities={"Box": lambda rep: {}},
)

weather = Subgraph(
    name="weather",
    sdl=link("@key") + "type Query { forecast: String }\n",
    broken=True,
)

SCENARIO = Scenario(
    name="errors-subgraph",
    feature="subgraph errors: partial data, error paths, null bubbling, a subgraph answering 500",
    subgraphs=(inventory, checks, weather),
    cases=(
        Case(
            name="nullable-field-error-in-list",
            query="{ boxes { id label } }",
            expected={
                "data": {
                    "boxes": [
                        {"id": "b1", "label": "small"},
                        {"id": "b2", "label": None},
                        {"id": "b3", "label": "big"},
                    ]
                },
                "errors": [{"message": "label unreadable", "path": ["boxes", 1, "label"]}],
            },
        ),
        Case(
            name="nullable-root-error-keeps-siblings",
            query='{ fragile { id } box(id: "b1") { id } }',
            expected={
                "data": {"fragile": None, "box": {"id": "b1"}},
                "errors": [{"message": "dropped", "path": ["fragile"]}],
            },
        ),
        Case(
            name="entity-field-error-re-pathed",
            query="{ boxes { id note } }",
            expected={
                "data": {
                    "boxes": [
                        {"id": "b1", "note": None},
                        {"id": "b2", "note": "ok"},
                        {"id": "b3", "note": "ok"},
                    ]
                },
                "errors": [{"message": "note lost", "path": ["boxes", 0, "note"]}],
            },
        ),
        Case(
            name="non-null-error-bubbles-to-nullable-item",
            query="{ maybeBoxes { id inspected } }",
            expected={
                "data": {
                    "maybeBoxes": [
                        {"id": "b1", "inspected": True},
                        {"id": "b2", "inspected": True},
                        None,
                    ]
                },
                "errors": [
                    {"message": "inspection failed", "path": ["maybeBoxes", 2, "inspected"]}
                ],
            },
        ),
        Case(
            name="non-null-error-bubbles-to-data",
            query="{ boxes { id inspected } }",
            expected={
                "data": None,
                "errors": [{"message": "inspection failed", "path": ["boxes", 2, "inspected"]}],
            },
        ),
        Case(
            name="failing-subgraph-costs-only-its-fields",
            query='{ box(id: "b3") { weight } forecast }',
            expected={"data": {"box": {"weight": 9}, "forecast": None}, "errors": [{}]},
        ),
        Case(
            name="unknown-field-is-validation-error",
            query="{ boxes { nope } }",
            expected={"errors": [{"extensions": {"code": "GRAPHQL_VALIDATION_FAILED"}}]},
        ),
        Case(
            name="syntax-error",
            query="{ boxes { id ",
            expected={"errors": [{"extensions": {"code": "GRAPHQL_PARSE_FAILED"}}]},
        ),
    ),
)
