"""@skip/@include on fields that need @requires: skipped ones fetch nothing and fail nothing."""

from __future__ import annotations

from typing import Any

from ..harness import Case, Scenario, Subgraph, link

LAMPS: dict[str, dict[str, Any]] = {"l1": {"id": "l1", "watts": 60}, "l2": {"id": "l2", "watts": 9}}

power = Subgraph(
    name="power",
    sdl=link("@key")
    + """
    type Query { lamps: [Lamp!]! }
    type Lamp @key(fields: "id") { id: ID!  watts: Int! }
    """,
    resolvers={"Query": {"lamps": lambda _p, _i: list(LAMPS.values())}},
    entities={"Lamp": lambda rep: LAMPS.get(rep["id"])},
)


def _never(_lamp: Any, _info: Any) -> str:
    raise ValueError("this field must not be resolved when skipped")


energy = Subgraph(
    name="energy",
    sdl=link("@key", "@external", "@requires")
    + """
    type Lamp @key(fields: "id") {
      id: ID!
      watts: Int! @external
      efficient: Boolean! @requires(fields: "watts")
      trap: String @requires(fields: "watts")
    }
    """,
    resolvers={"Lamp": {"efficient": lambda lamp, _i: lamp["watts"] < 15, "trap": _never}},
    entities={"Lamp": lambda rep: {}},
)

SCENARIO = Scenario(
    name="requires-conditional",
    feature="@include/@skip on @requires fields: the dependent fetch happens only when included",
    subgraphs=(power, energy),
    cases=(
        Case(
            name="included-required-field",
            query="query ($on: Boolean = true) { lamps { id efficient @include(if: $on) } }",
            expected={
                "data": {
                    "lamps": [{"id": "l1", "efficient": False}, {"id": "l2", "efficient": True}]
                }
            },
        ),
        Case(
            name="skipped-required-field-not-resolved",
            query="query ($off: Boolean = true) { lamps { id trap @skip(if: $off) } }",
            expected={"data": {"lamps": [{"id": "l1"}, {"id": "l2"}]}},
        ),
        Case(
            name="included-by-variable-false",
            query="query ($on: Boolean!) { lamps { watts trap @include(if: $on) efficient } }",
            variables={"on": False},
            expected={
                "data": {
                    "lamps": [{"watts": 60, "efficient": False}, {"watts": 9, "efficient": True}]
                }
            },
        ),
    ),
)
