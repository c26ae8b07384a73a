"""The scale scenario: `items(n)` from one subgraph, stock and shipping from another.

One query shape at any size: the root fetch returns n items and the gateway makes one entity
fetch of n representations (with the `@requires` fields), so cost should grow linearly in n.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import GraphQLSchema

from bench.subgraphs.data import shipping_estimate
from bench.subgraphs.executable import federated_schema, plain_schema

__all__ = ["scale_query", "scale_schemas"]

Obj = dict[str, Any]


def scale_query(n: int) -> str:
    return f"query Scale {{ items(n: {n}) {{ id name price weight inStock shippingEstimate }} }}"


def _price(i: int) -> int:
    return (i * 37) % 2000


def _weight(i: int) -> int:
    return (i * 13) % 500 + 1


def _item(i: int) -> Obj:
    return {"__typename": "Item", "id": str(i), "name": f"item {i}",
            "price": _price(i), "weight": _weight(i)}  # fmt: skip


def _stock(rep: Mapping[str, Any]) -> Obj:
    i = int(rep["id"])
    return {
        "__typename": "Item",
        "id": str(i),
        "inStock": i % 3 != 0,
        "shippingEstimate": shipping_estimate(rep.get("price"), rep.get("weight")),
    }


def scale_schemas() -> dict[str, GraphQLSchema]:
    """Route name → schema: `items`, `stock` and `scale-direct` (the monolith)."""
    items_query = {"items": lambda _r, _i, n: [_item(i) for i in range(1, n + 1)]}

    def direct_items(_r: object, _i: object, n: int) -> list[Obj]:
        return [{**_item(i), **_stock(_item(i))} for i in range(1, n + 1)]

    return {
        "items": federated_schema(
            "scale_items.graphql", {"Query": items_query}, lambda rep: _item(int(rep["id"]))
        ),
        "stock": federated_schema("scale_stock.graphql", {}, _stock),
        "scale-direct": plain_schema("scale_monolith.graphql", {"Query": {"items": direct_items}}),
    }
