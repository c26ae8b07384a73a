"""A field moved by @override is the input of a @requires in a third subgraph."""

from __future__ import annotations

from ..harness import Case, Scenario, Subgraph, link

HOURS = {"w1": 38, "w2": 20}

timesheets = Subgraph(
    name="timesheets",
    sdl=link("@key")
    + """
    type Query { workers: [Worker!]! }
    type Worker @key(fields: "id") { id: ID!  hours: Int! }
    """,
    resolvers={"Query": {"workers": lambda _p, _i: [{"id": w, "hours": -1} for w in HOURS]}},
    entities={"Worker": lambda rep: {"hours": -1}},
)

clock = Subgraph(
    name="clock",
    sdl=link("@key", "@override")
    + """
    type Worker @key(fields: "id") { id: ID!  hours: Int! @override(from: "timesheets") }
    """,
    entities={"Worker": lambda rep: {"hours": HOURS[rep["id"]]}},
)

payroll = Subgraph(
    name="payroll",
    sdl=link("@key", "@external", "@requires")
    + """
    type Worker @key(fields: "id") {
      id: ID!
      hours: Int! @external
      pay: Int! @requires(fields: "hours")
    }
    """,
    resolvers={"Worker": {"pay": lambda worker, _i: worker["hours"] * 25}},
    entities={"Worker": lambda rep: {}},
)

SCENARIO = Scenario(
    name="override-with-requires",
    feature="@requires of a field whose owner changed with @override: the new owner supplies it",
    subgraphs=(timesheets, clock, payroll),
    cases=(
        Case(
            name="required-from-overriding-subgraph",
            query="{ workers { id pay } }",
            expected={"data": {"workers": [{"id": "w1", "pay": 950}, {"id": "w2", "pay": 500}]}},
        ),
        Case(
            name="overridden-field-and-dependent",
            query="{ workers { hours pay } }",
            expected={"data": {"workers": [{"hours": 38, "pay": 950}, {"hours": 20, "pay": 500}]}},
        ),
    ),
)
