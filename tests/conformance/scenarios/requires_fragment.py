"""@requires whose field set has inline fragments on an interface's implementations."""

from __future__ import annotations

from typing import Any

from ..harness import Case, Scenario, Subgraph, link

OWNERS: dict[str, dict[str, Any]] = {
    "o1": {"id": "o1", "pet": {"__typename": "Dog", "name": "Rex", "barkDb": 90}},
    "o2": {"id": "o2", "pet": {"__typename": "Cat", "name": "Tom", "lives": 9}},
    "o3": {"id": "o3", "pet": {"__typename": "Dog", "name": "Fifi", "barkDb": 40}},
}

pets = Subgraph(
    name="pets",
    sdl=link("@key", "@shareable")
    + """
    type Query { owners: [Owner!]! }
    type Owner @key(fields: "id") { id: ID!  pet: Pet! }
    interface Pet { name: String! }
    type Dog implements Pet @shareable { name: String!  barkDb: Int! }
    type Cat implements Pet @shareable { name: String!  lives: Int! }
    """,
    resolvers={"Query": {"owners": lambda _p, _i: list(OWNERS.values())}},
    entities={"Owner": lambda rep: OWNERS.get(rep["id"])},
)


def _noise(owner: dict[str, Any], _info: Any) -> str:
    pet = owner["pet"]
    if "barkDb" in pet:
        return f"{pet['name']} barks at {pet['barkDb']}dB"
    assert "lives" not in pet, "Cat fields are not required"
    return f"{pet['name']} is quiet"


neighbours = Subgraph(
    name="neighbours",
    sdl=link("@key", "@shareable", "@external", "@requires")
    + """
    type Owner @key(fields: "id") {
      id: ID!
      pet: Pet! @external
      noiseReport: String! @requires(fields: "pet { name ... on Dog { barkDb } }")
    }
    interface Pet { name: String! }
    type Dog implements Pet @shareable { name: String!  barkDb: Int! }
    type Cat implements Pet @shareable { name: String! }
    """,
    resolvers={"Owner": {"noiseReport": _noise}},
    entities={"Owner": lambda rep: {}},
)

SCENARIO = Scenario(
    name="requires-fragment",
    feature="@requires with a type condition on an interface-typed external field",
    subgraphs=(pets, neighbours),
    cases=(
        Case(
            name="required-fragment",
            query="{ owners { id noiseReport } }",
            expected={
                "data": {
                    "owners": [
                        {"id": "o1", "noiseReport": "Rex barks at 90dB"},
                        {"id": "o2", "noiseReport": "Tom is quiet"},
                        {"id": "o3", "noiseReport": "Fifi barks at 40dB"},
                    ]
                }
            },
        ),
        Case(
            name="client-fragments-and-requires",
            query="{ owners { pet { ... on Cat { lives } ... on Dog { name } } noiseReport } }",
            expected={
                "data": {
                    "owners": [
                        {"pet": {"name": "Rex"}, "noiseReport": "Rex barks at 90dB"},
                        {"pet": {"lives": 9}, "noiseReport": "Tom is quiet"},
                        {"pet": {"name": "Fifi"}, "noiseReport": "Fifi barks at 40dB"},
                    ]
                }
            },
        ),
    ),
)
