"""Subgraph SDLs of a small catalogue (products, reviews) the registry tests publish and check."""

from __future__ import annotations

from pathlib import Path

_LINK = (
    'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", '
    'import: ["@key", "@shareable", "@external", "@requires"])\n'
)

PRODUCTS = (
    _LINK
    + """
type Query {
  product(id: ID!): Product
  products: [Product!]!
}

type Product @key(fields: "id") {
  id: ID!
  name: String! @shareable
  price: Int!
}
"""
)

PRODUCTS_WITHOUT_PRICE = PRODUCTS.replace("  price: Int!\n", "")
PRODUCTS_WITHOUT_NAME = PRODUCTS.replace("  name: String! @shareable\n", "")

REVIEWS = (
    _LINK
    + """
type Product @key(fields: "id") {
  id: ID!
  reviews: [Review!]!
}

type Review {
  id: ID!
  body: String!
  rating: Int!
}
"""
)

# Reviews also resolves the product's name: the API schema does not change.
REVIEWS_WITH_NAME = REVIEWS.replace(
    "  reviews: [Review!]!\n", "  name: String! @shareable\n  reviews: [Review!]!\n"
)

# Declares Product.price as a non-shareable field of its own: composition refuses it.
REVIEWS_CLASHING = REVIEWS.replace(
    "  reviews: [Review!]!\n", "  price: Int!\n  reviews: [Review!]!\n"
)


def write(directory: Path, name: str, sdl: str) -> str:
    path = directory / f"{name}.graphql"
    path.write_text(sdl)
    return str(path)
