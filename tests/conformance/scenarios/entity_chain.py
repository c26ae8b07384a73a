"""A chain of entity hops through three subgraphs, each adding the next link."""

from __future__ import annotations

from ..harness import Case, Scenario, Subgraph, link

ORDERS = {"o1": {"id": "o1", "customerId": "c1"}, "o2": {"id": "o2", "customerId": "c2"}}
CUSTOMERS = {"c1": {"cityId": "x1", "name": "Ana"}, "c2": {"cityId": "x2", "name": "Bo"}}
CITIES = {"x1": "Porto", "x2": "Bergen"}


def _customer(customer_id: str) -> dict[str, str]:
    return {"id": customer_id, "name": CUSTOMERS[customer_id]["name"]}


orders = Subgraph(
    name="orders",
    sdl=link("@key")
    + """
    type Query { orders: [Order!]! }
    type Order @key(fields: "id") { id: ID! }
    """,
    resolvers={"Query": {"orders": lambda _p, _i: [{"id": o} for o in ORDERS]}},
    entities={"Order": lambda rep: {"id": rep["id"]}},
)

customers = Subgraph(
    name="customers",
    sdl=link("@key")
    + """
    type Order @key(fields: "id") { id: ID!  customer: Customer! }
    type Customer @key(fields: "id") { id: ID!  name: String! }
    """,
    entities={
        "Order": lambda rep: {"customer": _customer(ORDERS[rep["id"]]["customerId"])},
        "Customer": lambda rep: _customer(rep["id"]),
    },
)

geo = Subgraph(
    name="geo",
    sdl=link("@key")
    + """
    type Customer @key(fields: "id") { id: ID!  city: City! }
    type City { id: ID!  name: String! }
    """,
    entities={
        "Customer": lambda rep: {
            "city": {
                "id": CUSTOMERS[rep["id"]]["cityId"],
                "name": CITIES[CUSTOMERS[rep["id"]]["cityId"]],
            }
        }
    },
)

SCENARIO = Scenario(
    name="entity-chain",
    feature="sequential entity fetches: subgraph 2 returns an entity that subgraph 3 extends",
    subgraphs=(orders, customers, geo),
    cases=(
        Case(
            name="three-hops",
            query="{ orders { id customer { name city { name } } } }",
            expected={
                "data": {
                    "orders": [
                        {"id": "o1", "customer": {"name": "Ana", "city": {"name": "Porto"}}},
                        {"id": "o2", "customer": {"name": "Bo", "city": {"name": "Bergen"}}},
                    ]
                }
            },
        ),
        Case(
            name="skip-middle-fields",
            query="{ orders { customer { city { id } } } }",
            expected={
                "data": {
                    "orders": [
                        {"customer": {"city": {"id": "x1"}}},
                        {"customer": {"city": {"id": "x2"}}},
                    ]
                }
            },
        ),
        Case(
            name="middle-subgraph-only",
            query="{ orders { customer { name } } }",
            expected={
                "data": {"orders": [{"customer": {"name": "Ana"}}, {"customer": {"name": "Bo"}}]}
            },
        ),
    ),
)
