"""@provides with a nested selection through a list of entities."""

from __future__ import annotations

from typing import Any

from ..harness import Case, Scenario, Subgraph, link

TEAMS: dict[str, dict[str, Any]] = {
    "t1": {"id": "t1", "name": "Owls", "coach": {"id": "k1"}},
    "t2": {"id": "t2", "name": "Foxes", "coach": {"id": "k2"}},
}
COACHES = {"k1": "Mia", "k2": "Ola"}
LEAGUE = [{"id": "l1", "teamIds": ["t2", "t1"]}]

clubs = Subgraph(
    name="clubs",
    sdl=link("@key", "@shareable")
    + """
    type Team @key(fields: "id") { id: ID!  name: String! @shareable  coach: Coach! @shareable }
    type Coach @key(fields: "id") { id: ID!  name: String! @shareable }
    """,
    entities={
        "Team": lambda rep: TEAMS.get(rep["id"]),
        "Coach": lambda rep: {"id": rep["id"], "name": COACHES[rep["id"]]},
    },
)


def _teams(_p: Any, _i: Any) -> list[dict[str, Any]]:
    return [
        {
            "id": t,
            "name": TEAMS[t]["name"],
            "coach": {"id": TEAMS[t]["coach"]["id"], "name": COACHES[TEAMS[t]["coach"]["id"]]},
        }
        for t in LEAGUE[0]["teamIds"]
    ]


leagues = Subgraph(
    name="leagues",
    sdl=link("@key", "@external", "@provides")
    + """
    type Query { standings: [Team!]! @provides(fields: "name coach { name }") }
    type Team @key(fields: "id") {
      id: ID!  name: String! @external  coach: Coach! @external  rank: Int!
    }
    type Coach @key(fields: "id") { id: ID!  name: String! @external }
    """,
    resolvers={
        "Query": {"standings": _teams},
        "Team": {"rank": lambda team, _i: LEAGUE[0]["teamIds"].index(team["id"]) + 1},
    },
    entities={"Team": lambda rep: {}, "Coach": lambda rep: {}},
)

SCENARIO = Scenario(
    name="provides-nested",
    feature="@provides with a nested field set on a list of entities",
    subgraphs=(clubs, leagues),
    cases=(
        Case(
            name="provided-nested",
            query="{ standings { rank name coach { name } } }",
            expected={
                "data": {
                    "standings": [
                        {"rank": 1, "name": "Foxes", "coach": {"name": "Ola"}},
                        {"rank": 2, "name": "Owls", "coach": {"name": "Mia"}},
                    ]
                }
            },
        ),
        Case(
            name="provided-keys-only",
            query="{ standings { id coach { id } } }",
            expected={
                "data": {
                    "standings": [
                        {"id": "t2", "coach": {"id": "k2"}},
                        {"id": "t1", "coach": {"id": "k1"}},
                    ]
                }
            },
        ),
    ),
)
