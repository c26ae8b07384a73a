"""The four scenario subgraphs (accounts, inventory, products, reviews) and their monolith twin.

Objects are plain dicts; nested objects are resolved by field resolvers so the cyclic
review → author → reviews graph is built only as deep as a query asks.  Behaviour follows the
reference scenario: every review's author is user 1 as seen by the reviews subgraph (username
provided), and every user's `reviews` are the first two reviews.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import GraphQLSchema

from bench.subgraphs.data import PRODUCTS, REVIEWS, USERS, Product, Review, User, shipping_estimate
from bench.subgraphs.executable import Resolver, federated_schema, plain_schema

__all__ = ["scenario_schemas"]

Obj = dict[str, Any]

_USERS = {user.id: user for user in USERS}
_PRODUCTS = {product.upc: product for product in PRODUCTS}
_AUTHOR_ID = "1"


def _user(user: User) -> Obj:
    return {"__typename": "User", "id": user.id, "name": user.name,
            "username": user.username, "birthday": user.birthday}  # fmt: skip


def _product(product: Product) -> Obj:
    return {"__typename": "Product", "upc": product.upc, "name": product.name,
            "price": product.price, "weight": product.weight}  # fmt: skip


def _review(review: Review) -> Obj:
    return {"__typename": "Review", "id": review.id, "body": review.body,
            "upc": review.product_upc}  # fmt: skip


def _reviews_of(upc: str) -> list[Obj]:
    return [_review(review) for review in REVIEWS if review.product_upc == upc]


def _user_reviews(_user_obj: Obj, _info: object) -> list[Obj]:
    return [_review(review) for review in REVIEWS[:2]]


def _accounts() -> GraphQLSchema:
    def entity(rep: Mapping[str, Any]) -> Obj:
        return _user(_USERS[str(rep["id"])])

    query: dict[str, Resolver] = {
        "me": lambda _r, _i: _user(USERS[0]),
        "user": lambda _r, _i, id: _user(_USERS[id]) if id in _USERS else None,
        "users": lambda _r, _i: [_user(user) for user in USERS],
    }
    return federated_schema("accounts.graphql", {"Query": query}, entity)


def _products() -> GraphQLSchema:
    def entity(rep: Mapping[str, Any]) -> Obj:
        return _product(_PRODUCTS[str(rep["upc"])])

    query: dict[str, Resolver] = {
        "topProducts": lambda _r, _i, first=5: [_product(p) for p in PRODUCTS[:first]]
    }
    return federated_schema("products.graphql", {"Query": query}, entity)


def _inventory() -> GraphQLSchema:
    def entity(rep: Mapping[str, Any]) -> Obj:
        product = _PRODUCTS[str(rep["upc"])]
        return {
            "__typename": "Product",
            "upc": product.upc,
            "inStock": product.in_stock,
            "shippingEstimate": shipping_estimate(rep.get("price"), rep.get("weight")),
        }

    return federated_schema("inventory.graphql", {}, entity)


def _reviews() -> GraphQLSchema:
    def entity(rep: Mapping[str, Any]) -> Obj:
        match rep["__typename"]:
            case "User":
                return {"__typename": "User", "id": str(rep["id"])}
            case "Product":
                return {"__typename": "Product", "upc": str(rep["upc"])}
            case _:
                review = next(r for r in REVIEWS if r.id == str(rep["id"]))
                return _review(review)

    resolvers: dict[str, dict[str, Resolver]] = {
        "Review": {
            "product": lambda review, _i: {"__typename": "Product", "upc": review["upc"]},
            "author": lambda _review_obj, _i: {
                "__typename": "User",
                "id": _AUTHOR_ID,
                "username": _USERS[_AUTHOR_ID].username,
            },
        },
        "User": {"reviews": _user_reviews},
        "Product": {"reviews": lambda product, _i: _reviews_of(product["upc"])},
    }
    return federated_schema("reviews.graphql", resolvers, entity)


def _monolith() -> GraphQLSchema:
    def full_product(upc: str) -> Obj:
        product = _PRODUCTS[upc]
        return {
            **_product(product),
            "inStock": product.in_stock,
            "shippingEstimate": shipping_estimate(product.price, product.weight),
        }

    query: dict[str, Resolver] = {
        "me": lambda _r, _i: _user(USERS[0]),
        "user": lambda _r, _i, id: _user(_USERS[id]) if id in _USERS else None,
        "users": lambda _r, _i: [_user(user) for user in USERS],
        "topProducts": lambda _r, _i, first=5: [full_product(p.upc) for p in PRODUCTS[:first]],
    }
    resolvers: dict[str, dict[str, Resolver]] = {
        "Query": query,
        "Review": {
            "product": lambda review, _i: full_product(review["upc"]),
            "author": lambda _review_obj, _i: _user(_USERS[_AUTHOR_ID]),
        },
        "User": {"reviews": _user_reviews},
        "Product": {"reviews": lambda product, _i: _reviews_of(product["upc"])},
    }
    return plain_schema("monolith.graphql", resolvers)


def scenario_schemas() -> dict[str, GraphQLSchema]:
    """Route name → schema: the four subgraphs and `direct` (the monolith)."""
    return {
        "accounts": _accounts(),
        "inventory": _inventory(),
        "products": _products(),
        "reviews": _reviews(),
        "direct": _monolith(),
    }
