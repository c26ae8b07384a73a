"""@requires chains where one requiring field is conditional: its inputs must not leak.

Two fields of one subgraph require different inputs; when a `@skip`/`@include` leaves one
of them out, the other still gets its representation (with only the inputs it needs) and
its value, and nested conditions never repeat a directive at one location.
"""

from __future__ import annotations

from ..harness import Case, Scenario, Subgraph, link

ITEMS = {"i1": {"sku": "i1", "weight": 30}}
PRICES = {"i1": 250}

stock = Subgraph(
    name="stock",
    sdl=link("@key")
    + """
    type Query { item: Item }
    type Item @key(fields: "sku") { sku: ID!  weight: Int! }
    """,
    resolvers={"Query": {"item": lambda _p, _i: ITEMS["i1"]}},
    entities={"Item": lambda rep: ITEMS.get(rep["sku"])},
)
pricing = Subgraph(
    name="pricing",
    sdl=link("@key")
    + """
    type Item @key(fields: "sku") { sku: ID!  price: Int! }
    """,
    entities={"Item": lambda rep: {"price": PRICES[rep["sku"]]}},
)


def _needs(field: str):  # type: ignore[no-untyped-def]
    def resolve(item: dict[str, object], _info: object) -> object:
        assert field in item, f"{field} missing from the representation"
        return item[field]

    return resolve


rules = Subgraph(
    name="rules",
    sdl=link("@key", "@external", "@requires")
    + """
    type Item @key(fields: "sku") {
      sku: ID!
      weight: Int! @external
      price: Int! @external
      heavy: Boolean! @requires(fields: "weight")
      costly: Boolean! @requires(fields: "price")
    }
    """,
    resolvers={
        "Item": {
            "heavy": lambda item, _i: item["weight"] > 20,
            "costly": lambda item, _i: item["price"] > 100,
        }
    },
    entities={"Item": lambda rep: {}},
)
shipping = Subgraph(
    name="shipping",
    sdl=link("@key", "@external", "@requires")
    + """
    type Item @key(fields: "sku") {
      sku: ID!
      heavy: Boolean! @external
      costly: Boolean! @external
      freight: String! @requires(fields: "heavy")
      insured: Boolean! @requires(fields: "costly")
      carrier: String!
    }
    """,
    resolvers={
        "Item": {
            "carrier": lambda _item, _i: "ACME",
            "freight": lambda item, _i: "truck" if _needs("heavy")(item, _i) else "post",
            "insured": lambda item, _i: _needs("costly")(item, _i),
        }
    },
    entities={"Item": lambda rep: {}},
)

QUERY = "query($c: Boolean!) { item { freight insured @skip(if: $c) } }"
NESTED = """query($a: Boolean!, $b: Boolean!) {
  item { freight ... @skip(if: $a) { ... @skip(if: $b) { insured } } }
}"""

SCENARIO = Scenario(
    name="requires-conditional-inputs",
    feature="a skipped @requires field does not take its sibling's representation with it",
    subgraphs=(stock, pricing, rules, shipping),
    cases=(
        Case(
            name="sibling-skipped",
            query=QUERY,
            variables={"c": True},
            expected={"data": {"item": {"freight": "truck"}}},
        ),
        Case(
            name="sibling-kept",
            query=QUERY,
            variables={"c": False},
            expected={"data": {"item": {"freight": "truck", "insured": True}}},
        ),
        Case(
            name="include-literal-false",
            query="{ item { freight insured @include(if: false) } }",
            expected={"data": {"item": {"freight": "truck"}}},
        ),
        Case(
            name="plain-sibling-of-a-literally-excluded-requiring-field",
            query="{ item { carrier freight @include(if: false) } }",
            expected={"data": {"item": {"carrier": "ACME"}}},
        ),
        Case(
            name="plain-sibling-of-a-conditionally-excluded-requiring-field",
            query="query($c: Boolean!) { item { carrier freight @include(if: $c) sku } }",
            variables={"c": False},
            expected={"data": {"item": {"carrier": "ACME", "sku": "i1"}}},
        ),
        Case(
            name="nested-skips-both-off",
            query=NESTED,
            variables={"a": False, "b": False},
            expected={"data": {"item": {"freight": "truck", "insured": True}}},
        ),
        Case(
            name="nested-skips-inner-on",
            query=NESTED,
            variables={"a": False, "b": True},
            expected={"data": {"item": {"freight": "truck"}}},
        ),
    ),
)
