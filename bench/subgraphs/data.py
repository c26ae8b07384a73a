"""The scenario's fixed data: six users, nine products with their stock, eleven reviews.

Same shape and values as graphql-hive's graphql-gateways-benchmark subgraphs (ids, names,
prices, weights, stock, which review belongs to which product); review bodies are our own
filler text of similar lengths, so the heavy response stays near 90 KB.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PRODUCTS", "REVIEWS", "USERS", "Product", "Review", "User", "shipping_estimate"]


@dataclass(frozen=True, slots=True, kw_only=True)
class User:
    id: str
    name: str
    username: str
    birthday: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Product:
    upc: str
    name: str
    price: int
    weight: int
    in_stock: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Review:
    id: str
    body: str
    product_upc: str


USERS: tuple[User, ...] = tuple(
    User(id=str(i), name=name, username=username, birthday=1234567890)
    for i, (name, username) in enumerate(
        (
            ("Uri Goldshtein", "urigo"),
            ("Dotan Simha", "dotansimha"),
            ("Kamil Kisiela", "kamilkisiela"),
            ("Arda Tanrikulu", "ardatan"),
            ("Gil Gardosh", "gilgardosh"),
            ("Laurin Quast", "laurin"),
        ),
        start=1,
    )
)

PRODUCTS: tuple[Product, ...] = tuple(
    Product(upc=str(i), name=name, price=price, weight=weight, in_stock=in_stock)
    for i, (name, price, weight, in_stock) in enumerate(
        (
            ("Table", 899, 100, True),
            ("Couch", 1299, 1000, False),
            ("Glass", 15, 20, False),
            ("Chair", 499, 100, False),
            ("TV", 1299, 1000, True),
            ("Lamp", 6999, 300, True),
            ("Grill", 3999, 2000, True),
            ("Fridge", 100000, 6000, False),
            ("Sofa", 9999, 800, True),
        ),
        start=1,
    )
)


def _filler(length: int, seed: int) -> str:
    """Deterministic pseudo-prose of exactly `length` characters."""
    words = (
        "gateway subgraph entity planner fetch latency throughput review product user "
        "inventory shipping estimate weight price stock query response memo socket"
    ).split()
    out: list[str] = []
    size = 0
    i = seed
    while size < length:
        word = words[(i * 7 + seed) % len(words)]
        out.append(word)
        size += len(word) + 1
        i += 1
    return " ".join(out)[:length].rstrip() + "."


# (product upc, body length) per review, ids 1..11; lengths follow the original's bodies.
_REVIEW_SHAPES = (
    ("1", 445), ("1", 290), ("1", 285), ("1", 145), ("2", 445), ("2", 290),
    ("2", 285), ("2", 145), ("3", 145), ("4", 145), ("4", 845),
)  # fmt: skip

REVIEWS: tuple[Review, ...] = tuple(
    Review(id=str(i), body=_filler(length, i), product_upc=upc)
    for i, (upc, length) in enumerate(_REVIEW_SHAPES, start=1)
)


def shipping_estimate(price: int | None, weight: int | None) -> int | None:
    """Free above 1000, else half the weight; unknown without a price."""
    if price is None:
        return None
    if price > 1000:
        return 0
    return None if weight is None else weight // 2
