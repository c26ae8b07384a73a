"""@provides on an interface-typed list; fields outside the provided set still hop per type."""

from __future__ import annotations

from typing import Any

from ..harness import Case, Scenario, Subgraph, link

PETS: dict[str, dict[str, Any]] = {
    "d1": {"__typename": "Dog", "id": "d1", "name": "Rex", "tricks": 4},
    "c1": {"__typename": "Cat", "id": "c1", "name": "Tom", "naps": 12},
}

pets = Subgraph(
    name="pets",
    sdl=link("@key", "@shareable")
    + """
    interface Pet { id: ID!  name: String! }
    type Dog implements Pet @key(fields: "id") { id: ID!  name: String! @shareable  tricks: Int! }
    type Cat implements Pet @key(fields: "id") { id: ID!  name: String! @shareable  naps: Int! }
    """,
    entities={"Dog": lambda rep: PETS.get(rep["id"]), "Cat": lambda rep: PETS.get(rep["id"])},
)

shelter = Subgraph(
    name="shelter",
    sdl=link("@key", "@external", "@provides")
    + """
    type Query { shelter: Shelter! }
    type Shelter {
      city: String!
      pets: [Pet!]! @provides(fields: "... on Dog { name } ... on Cat { name }")
    }
    interface Pet { id: ID!  name: String! }
    type Dog implements Pet @key(fields: "id") { id: ID!  name: String! @external }
    type Cat implements Pet @key(fields: "id") { id: ID!  name: String! @external }
    """,
    resolvers={
        "Query": {
            "shelter": lambda _p, _i: {
                "city": "Bath",
                "pets": [
                    {"__typename": p["__typename"], "id": p["id"], "name": p["name"]}
                    for p in PETS.values()
                ],
            }
        }
    },
    entities={"Dog": lambda rep: {}, "Cat": lambda rep: {}},
)

SCENARIO = Scenario(
    name="provides-interface",
    feature="@provides with type conditions on an interface list, mixed with per-type hops",
    subgraphs=(pets, shelter),
    cases=(
        Case(
            name="provided-interface-field",
            query="{ shelter { city pets { id name } } }",
            expected={
                "data": {
                    "shelter": {
                        "city": "Bath",
                        "pets": [{"id": "d1", "name": "Rex"}, {"id": "c1", "name": "Tom"}],
                    }
                }
            },
        ),
        Case(
            name="provided-plus-type-condition-hop",
            query="{ shelter { pets { name ... on Cat { naps } ... on Dog { tricks } } } }",
            expected={
                "data": {
                    "shelter": {"pets": [{"name": "Rex", "tricks": 4}, {"name": "Tom", "naps": 12}]}
                }
            },
        ),
    ),
)
