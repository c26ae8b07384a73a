"""@inaccessible hides fields and types from clients while @requires still reads them."""

from __future__ import annotations

from typing import Any

from ..harness import Case, Scenario, Subgraph, link

PLAYERS: dict[str, dict[str, Any]] = {
    "y1": {"id": "y1", "nick": "ace", "elo": 2100, "audit": {"flag": "ok"}},
    "y2": {"id": "y2", "nick": "bob", "elo": 1300, "audit": {"flag": "watch"}},
}

ranking = Subgraph(
    name="ranking",
    sdl=link("@key", "@inaccessible")
    + """
    type Query { players: [Player!]! }
    type Player @key(fields: "id") {
      id: ID!
      nick: String!
      elo: Int! @inaccessible
      audit: Audit @inaccessible
    }
    type Audit @inaccessible { flag: String! }
    """,
    resolvers={"Query": {"players": lambda _p, _i: list(PLAYERS.values())}},
    entities={"Player": lambda rep: PLAYERS.get(rep["id"])},
)

leagues = Subgraph(
    name="leagues",
    sdl=link("@key", "@external", "@requires")
    + """
    type Player @key(fields: "id") {
      id: ID!
      elo: Int! @external
      division: String! @requires(fields: "elo")
    }
    """,
    resolvers={"Player": {"division": lambda p, _i: "master" if p["elo"] >= 2000 else "bronze"}},
    entities={"Player": lambda rep: {}},
)

SCENARIO = Scenario(
    name="inaccessible",
    feature="@inaccessible fields/types: invisible to clients, still usable by @requires",
    subgraphs=(ranking, leagues),
    cases=(
        Case(
            name="requires-reads-inaccessible-field",
            query="{ players { nick division } }",
            expected={
                "data": {
                    "players": [
                        {"nick": "ace", "division": "master"},
                        {"nick": "bob", "division": "bronze"},
                    ]
                }
            },
        ),
        Case(
            name="client-cannot-select-inaccessible-field",
            query="{ players { nick elo } }",
            expected={"errors": [{"extensions": {"code": "GRAPHQL_VALIDATION_FAILED"}}]},
        ),
        Case(
            name="inaccessible-type-hidden-from-introspection",
            query='{ __type(name: "Audit") { name } }',
            expected={"data": {"__type": None}},
        ),
    ),
)
