"""Progressive @override with a `percent(N)` label at the fixed ends 0 and 100."""

from __future__ import annotations

from ..harness import Case, Scenario, Subgraph, link

old = Subgraph(
    name="old",
    sdl=link("@key", "@shareable", version="2.7")
    + """
    type Query { parcels: [Parcel!]! }
    type Parcel @key(fields: "id") { id: ID!  eta: String!  route: String! }
    """,
    resolvers={
        "Query": {
            "parcels": lambda _p, _i: [
                {"id": "x1", "eta": "old-eta", "route": "old-route"},
                {"id": "x2", "eta": "old-eta", "route": "old-route"},
            ]
        }
    },
    entities={"Parcel": lambda rep: {"eta": "old-eta", "route": "old-route"}},
)

new = Subgraph(
    name="new",
    sdl=link("@key", "@override", version="2.7")
    + """
    type Parcel @key(fields: "id") {
      id: ID!
      eta: String! @override(from: "old", label: "percent(100)")
      route: String! @override(from: "old", label: "percent(0)")
    }
    """,
    entities={"Parcel": lambda rep: {"eta": f"new-eta-{rep['id']}", "route": "new-route"}},
)

SCENARIO = Scenario(
    name="override-progressive",
    feature='@override(label: "percent(100)") always moves the field, percent(0) never does',
    subgraphs=(old, new),
    cases=(
        Case(
            name="percent-100-uses-new",
            query="{ parcels { id eta } }",
            expected={
                "data": {
                    "parcels": [
                        {"id": "x1", "eta": "new-eta-x1"},
                        {"id": "x2", "eta": "new-eta-x2"},
                    ]
                }
            },
        ),
        Case(
            name="percent-0-uses-old",
            query="{ parcels { route } }",
            expected={"data": {"parcels": [{"route": "old-route"}, {"route": "old-route"}]}},
        ),
        Case(
            name="both-labels-in-one-query",
            query="{ parcels { route eta } }",
            expected={
                "data": {
                    "parcels": [
                        {"route": "old-route", "eta": "new-eta-x1"},
                        {"route": "old-route", "eta": "new-eta-x2"},
                    ]
                }
            },
        ),
    ),
)
