"""A small shop graph (products, reviews, users) shared by the operation-level scenarios."""

from __future__ import annotations

from typing import Any

from ..harness import Subgraph, link

PRODUCTS: list[dict[str, Any]] = [
    {"upc": "u1", "name": "Hammer", "eur": 20, "category": "TOOLS"},
    {"upc": "u2", "name": "Kite", "eur": 35, "category": "TOYS"},
    {"upc": "u3", "name": "Saw", "eur": 50, "category": "TOOLS"},
]
SEED_REVIEWS: list[dict[str, Any]] = [
    {"id": "r1", "upc": "u1", "stars": 5, "body": "Solid", "authorId": "x1"},
    {"id": "r2", "upc": "u1", "stars": 3, "body": "Heavy", "authorId": "x2"},
    {"id": "r3", "upc": "u2", "stars": 4, "body": "Flies", "authorId": "x1"},
]
USERS = {"x1": "Nora", "x2": "Omar"}
REVIEWS: list[dict[str, Any]] = list(SEED_REVIEWS)
LOG: list[str] = []


def reset() -> None:
    """Back to the seed data; mutations append to REVIEWS and LOG."""
    REVIEWS[:] = SEED_REVIEWS
    LOG.clear()


def _product(upc: str) -> dict[str, Any] | None:
    return next((p for p in PRODUCTS if p["upc"] == upc), None)


def _price(product: dict[str, Any], _info: Any, currency: str = "EUR") -> int:
    row = _product(product["upc"])
    assert row is not None
    return int(row["eur"]) if currency == "EUR" else int(row["eur"]) * 11 // 10


def _products(_p: Any, _i: Any, first: int = 10, category: str | None = None) -> list[Any]:
    return [p for p in PRODUCTS if category in (None, p["category"])][:first]


def _stamp(tag: str) -> Any:
    def resolve(_p: Any, _i: Any, entry: str) -> str:
        LOG.append(f"{tag}:{entry}")
        return ",".join(LOG)

    return resolve


def _fail(_p: Any, _i: Any, entry: str) -> str:
    raise ValueError(f"stamp {entry} refused")


products = Subgraph(
    name="products",
    sdl=link("@key")
    + """
    type Query {
      product(upc: String!): Product
      products(first: Int = 10, category: Category): [Product!]!
    }
    type Mutation { stampProducts(entry: String!): String! }
    enum Category { TOOLS TOYS }
    enum Currency { EUR USD }
    type Product @key(fields: "upc") {
      upc: String!
      name: String!
      price(currency: Currency = EUR): Int!
      category: Category!
    }
    """,
    resolvers={
        "Query": {"product": lambda _p, _i, upc: _product(upc), "products": _products},
        "Mutation": {"stampProducts": _stamp("products")},
        "Product": {"price": _price},
    },
    entities={"Product": lambda rep: _product(rep["upc"])},
    reset=reset,
)


def _review(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "author": {"id": row["authorId"]}, "product": {"upc": row["upc"]}}


def _reviews_of(product: dict[str, Any], _info: Any, minStars: int = 0) -> list[Any]:
    return [_review(r) for r in REVIEWS if r["upc"] == product["upc"] and r["stars"] >= minStars]


def _avg(product: dict[str, Any], _info: Any) -> float | None:
    stars = [r["stars"] for r in REVIEWS if r["upc"] == product["upc"]]
    return sum(stars) / len(stars) if stars else None


def _add_review(_p: Any, _i: Any, upc: str, stars: int, body: str) -> dict[str, Any]:
    row = {"id": f"r{len(REVIEWS) + 1}", "upc": upc, "stars": stars, "body": body, "authorId": "x1"}
    REVIEWS.append(row)
    return _review(row)


reviews = Subgraph(
    name="reviews",
    sdl=link("@key")
    + """
    type Mutation {
      addReview(upc: String!, stars: Int!, body: String!): Review!
      stampReviews(entry: String!): String!
    }
    type Review {
      id: ID!
      stars: Int!
      "What the reviewer wrote."
      body: String!
      author: User!
      product: Product!
      rating: Int @deprecated(reason: "Use stars.")
    }
    type Product @key(fields: "upc") {
      upc: String!
      reviews(minStars: Int = 0): [Review!]!
      avgStars: Float
    }
    type User @key(fields: "id") { id: ID!  reviews: [Review!]! }
    """,
    resolvers={
        "Mutation": {"addReview": _add_review, "stampReviews": _stamp("reviews")},
        "Product": {"reviews": _reviews_of, "avgStars": _avg},
        "User": {
            "reviews": lambda user, _i: [_review(r) for r in REVIEWS if r["authorId"] == user["id"]]
        },
    },
    entities={"Product": lambda rep: {}, "User": lambda rep: {}},
    reset=reset,
)

users = Subgraph(
    name="users",
    sdl=link("@key")
    + """
    type Query { me: User  user(id: ID!): User }
    type Mutation { stampUsers(entry: String!): String!  stampFail(entry: String!): String }
    type User @key(fields: "id") { id: ID!  name: String! }
    """,
    resolvers={
        "Query": {
            "me": lambda _p, _i: {"id": "x1", "name": USERS["x1"]},
            "user": lambda _p, _i, id: {"id": id, "name": USERS[id]} if id in USERS else None,
        },
        "Mutation": {"stampUsers": _stamp("users"), "stampFail": _fail},
    },
    entities={"User": lambda rep: {"name": USERS[rep["id"]]} if rep["id"] in USERS else None},
    reset=reset,
)

SHOP = (products, reviews, users)
