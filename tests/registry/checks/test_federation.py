"""Federation-only changes of one subgraph's SDL, judged with the variant's other subgraphs."""

from __future__ import annotations

import pytest

from registry.checks.federation import federation_changes
from registry.model import SubgraphSchema

LINK = (
    'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: '
    '["@key", "@shareable", "@external", "@requires", "@provides", "@override", "@inaccessible"])\n'
)
BASE = """
type Product @key(fields: "id") @key(fields: "sku") {
  id: ID!
  sku: String!
  name: String! @shareable
  price: Int!
  weight: Int! @external
  shipping: Int! @requires(fields: "weight")
  secret: String
}
"""


def _kinds(before: str, after: str, others: tuple[str, ...] = ()) -> list[tuple[str, str, str]]:
    current = [SubgraphSchema(name="products", routing_url="http://p", sdl=LINK + before)]
    current += [
        SubgraphSchema(name=f"other{i}", routing_url="http://o", sdl=LINK + sdl)
        for i, sdl in enumerate(others)
    ]
    candidate = SubgraphSchema(name="products", routing_url="http://p", sdl=LINK + after)
    return [
        (c.type, c.criticality.value, c.coordinate)
        for c in federation_changes(current[0], candidate, current)
    ]


def test_an_unchanged_subgraph_has_no_federation_change() -> None:
    assert _kinds(BASE, BASE) == []


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (
            BASE.replace(' @key(fields: "sku")', ""),
            [("FEDERATION_KEY_REMOVED", "DANGEROUS", "Product")],
        ),
        (
            BASE.replace('@key(fields: "id")', '@key(fields: "id") @key(fields: "name")'),
            [("FEDERATION_KEY_ADDED", "SAFE", "Product")],
        ),
        (
            BASE.replace("name: String! @shareable", "name: String!"),
            [("FEDERATION_SHAREABLE_REMOVED", "DANGEROUS", "Product.name")],
        ),
        (
            BASE.replace("price: Int!", "price: Int! @shareable"),
            [("FEDERATION_SHAREABLE_ADDED", "SAFE", "Product.price")],
        ),
        (
            BASE.replace("price: Int!", 'price: Int! @override(from: "legacy")'),
            [("FEDERATION_OVERRIDE_ADDED", "DANGEROUS", "Product.price")],
        ),
        (
            BASE.replace("secret: String", "secret: String @inaccessible"),
            [("FEDERATION_INACCESSIBLE_ADDED", "DANGEROUS", "Product.secret")],
        ),
        (
            BASE.replace('@requires(fields: "weight")', '@requires(fields: "weight sku")'),
            [("FEDERATION_REQUIRES_CHANGED", "DANGEROUS", "Product.shipping")],
        ),
        (
            BASE.replace("weight: Int! @external", "weight: Int!"),
            [("FEDERATION_EXTERNAL_REMOVED", "DANGEROUS", "Product.weight")],
        ),
    ],
)
def test_each_federation_change_is_classified(
    after: str, expected: list[tuple[str, str, str]]
) -> None:
    assert _kinds(BASE, after) == expected


def test_a_changed_override_label_moves_traffic() -> None:
    before = BASE.replace(
        "price: Int!", 'price: Int! @override(from: "legacy", label: "percent(10)")'
    )
    after = BASE.replace(
        "price: Int!", 'price: Int! @override(from: "legacy", label: "percent(50)")'
    )
    assert _kinds(before, after) == [("FEDERATION_OVERRIDE_CHANGED", "DANGEROUS", "Product.price")]


def test_a_field_leaving_while_another_subgraph_resolves_it_is_dangerous() -> None:
    other = 'type Product @key(fields: "id") { id: ID! price: Int! @shareable }'
    after = BASE.replace("  price: Int!\n", "")
    assert _kinds(BASE, after, (other,)) == [
        ("FEDERATION_FIELD_LEFT_SUBGRAPH", "DANGEROUS", "Product.price")
    ]


def test_a_field_another_subgraph_requires_leaving_its_only_resolver_is_breaking() -> None:
    other = (
        'type Product @key(fields: "id") { id: ID! price: Int! @external '
        'tax: Int! @requires(fields: "price") }'
    )
    after = BASE.replace("  price: Int!\n", "")
    assert _kinds(BASE, after, (other,)) == [
        ("FEDERATION_FIELD_LEFT_SUBGRAPH", "BREAKING", "Product.price")
    ]


def test_a_field_no_one_else_knows_leaving_is_left_to_the_api_schema_diff() -> None:
    assert _kinds(BASE, BASE.replace("  price: Int!\n", "")) == []
