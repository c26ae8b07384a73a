"""@requires with a nested selection of a value-type field (`size { width height }`)."""

from __future__ import annotations

from typing import Any

from ..harness import Case, Scenario, Subgraph, link

PAINTINGS: dict[str, dict[str, Any]] = {
    "w1": {"id": "w1", "title": "Waves", "size": {"width": 40, "height": 30, "unit": "cm"}},
    "w2": {"id": "w2", "title": "Dunes", "size": {"width": 100, "height": 50, "unit": "cm"}},
}

gallery = Subgraph(
    name="gallery",
    sdl=link("@key", "@shareable")
    + """
    type Query { paintings: [Painting!]! }
    type Painting @key(fields: "id") { id: ID!  title: String!  size: Size! }
    type Size @shareable { width: Int!  height: Int!  unit: String! }
    """,
    resolvers={"Query": {"paintings": lambda _p, _i: list(PAINTINGS.values())}},
    entities={"Painting": lambda rep: PAINTINGS.get(rep["id"])},
)


def _frame(painting: dict[str, Any], _info: Any) -> int:
    size = painting["size"]
    assert "unit" not in size, "only the required subfields are sent"
    return int(2 * (size["width"] + size["height"]))


framing = Subgraph(
    name="framing",
    sdl=link("@key", "@shareable", "@external", "@requires")
    + """
    type Painting @key(fields: "id") {
      id: ID!
      size: Size! @external
      frameLength: Int! @requires(fields: "size { width height }")
    }
    type Size @shareable { width: Int!  height: Int! }
    """,
    resolvers={"Painting": {"frameLength": _frame}},
    entities={"Painting": lambda rep: {}},
)

SCENARIO = Scenario(
    name="requires-nested",
    feature="@requires selecting subfields of a nested value object",
    subgraphs=(gallery, framing),
    cases=(
        Case(
            name="nested-required-object",
            query="{ paintings { title frameLength } }",
            expected={
                "data": {
                    "paintings": [
                        {"title": "Waves", "frameLength": 140},
                        {"title": "Dunes", "frameLength": 300},
                    ]
                }
            },
        ),
        Case(
            name="client-selects-part-of-required-object",
            query="{ paintings { size { unit } frameLength } }",
            expected={
                "data": {
                    "paintings": [
                        {"size": {"unit": "cm"}, "frameLength": 140},
                        {"size": {"unit": "cm"}, "frameLength": 300},
                    ]
                }
            },
        ),
    ),
)
