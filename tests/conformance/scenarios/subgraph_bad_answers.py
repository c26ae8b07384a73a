"""Subgraphs answering what their schema does not allow, or refusing the gateway's operation.

Both subgraphs resolve correct values; their `answer` hooks then rewrite the JSON sent, as a
subgraph with a buggy serialiser or deployed from another schema would.  Every value that
does not fit its field's type is null (then null bubbling) with one error naming the
subgraph; the codes are this gateway's (docs/errors.md): RESPONSE_VALIDATION_FAILED for a
value, SUBREQUEST_MALFORMED_RESPONSE for an `_entities` item that is not an object,
SUBREQUEST_OPERATION_REJECTED when a subgraph refuses the operation the gateway sent, and a
subgraph's own error keeps its code (DOWNSTREAM_SERVICE_ERROR when it has none).
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError

from ..harness import Case, Scenario, Subgraph, link

PRODUCTS: list[dict[str, Any]] = [
    {"id": "p1", "name": "anvil"},
    {"id": "p2", "name": "bolt"},
    {"id": "p3", "name": "cog"},
    {"id": "p4", "name": "drill"},
]
PRICING: dict[str, dict[str, Any]] = {
    "p1": {"price": 10, "tags": ["a"], "maker": {"name": "Acme"}, "weight": 1},
    "p2": {"price": 20, "tags": ["b"], "maker": {"name": "Bolt"}, "weight": 2},
    "p3": {"price": 30, "tags": ["c", "cc"], "maker": {"name": "Cog"}, "weight": 3},
    "p4": {"price": 40, "tags": ["d"], "maker": {"name": "Delta"}, "weight": 4},
}

VALIDATION_FAILED = "RESPONSE_VALIDATION_FAILED"

# What the catalog sends instead of the value it resolved, per root field.
CATALOG_GARBAGE: dict[str, Any] = {
    "maybeProducts": "oops",  # a string for a list
    "allProducts": {"id": "p1"},  # an object for a non-null list
    "featured": ["p1"],  # a list for an object
    "count": 3_000_000_000,  # an integer outside Int's 32 bits
    "ratio": "1.5",  # a string for a Float
    "open": "yes",  # a string for a Boolean
    "motto": 42,  # a number for a String
}


def _catalog_answer(body: dict[str, Any], result: dict[str, Any]) -> Any:
    if "legacy" in body["query"]:
        # Deployed from a schema without the field the supergraph still routes to it.
        message = 'Cannot query field "legacy" on type "Query".'
        refusal = {"message": message, "extensions": {"code": "GRAPHQL_VALIDATION_FAILED"}}
        return {"errors": [refusal]}
    data = result.get("data") or {}
    for key, garbage in CATALOG_GARBAGE.items():
        if key in data:
            data[key] = garbage
    return result


def _pricing_answer(body: dict[str, Any], result: dict[str, Any]) -> Any:
    representations = (body.get("variables") or {}).get("representations") or []
    items = (result.get("data") or {}).get("_entities") or []
    for index, (rep, item) in enumerate(zip(representations, items, strict=False)):
        if not isinstance(item, dict):
            continue
        if rep["id"] == "p1" and "maker" in item:
            item["maker"] = "Acme"  # a string for an object
        if rep["id"] == "p2" and "price" in item:
            item["price"] = "20"  # a string for an Int
        if rep["id"] == "p3" and "tags" in item:
            item["tags"] = ["c", 3]  # a number in a [String!]
        if rep["id"] == "p4" and "weight" in item:
            items[index] = "p4?"  # an entity that is not an object
    return result


def _discount(product: dict[str, Any], _info: Any) -> int:
    if product["id"] == "p2":
        raise ValueError("discount service down")
    if product["id"] == "p3":
        raise GraphQLError("no discount on cogs", extensions={"code": "NOT_DISCOUNTED"})
    return 5


catalog = Subgraph(
    name="catalog",
    sdl=link("@key")
    + """
    type Query {
      products: [Product!]!
      allProducts: [Product!]!
      maybeProducts: [Product]
      featured: Product
      count: Int
      ratio: Float
      open: Boolean
      motto: String
      legacy: String
    }
    type Product @key(fields: "id") { id: ID!  name: String }
    """,
    resolvers={
        "Query": {
            "products": lambda _p, _i: PRODUCTS,
            "allProducts": lambda _p, _i: PRODUCTS,
            "maybeProducts": lambda _p, _i: PRODUCTS,
            "featured": lambda _p, _i: PRODUCTS[0],
            "count": lambda _p, _i: 3,
            "ratio": lambda _p, _i: 0.5,
            "open": lambda _p, _i: True,
            "motto": lambda _p, _i: "sharp",
            "legacy": lambda _p, _i: "old",
        }
    },
    entities={"Product": lambda rep: next(p for p in PRODUCTS if p["id"] == rep["id"])},
    answer=_catalog_answer,
)

pricing = Subgraph(
    name="pricing",
    sdl=link("@key")
    + """
    type Query { currency: String }
    type Product @key(fields: "id") {
      id: ID!  price: Int  tags: [String!]  maker: Maker  weight: Int  discount: Int
    }
    type Maker { name: String }
    """,
    resolvers={"Query": {"currency": lambda _p, _i: "EUR"}, "Product": {"discount": _discount}},
    entities={"Product": lambda rep: dict(PRICING[rep["id"]])},
    answer=_pricing_answer,
)


DOWNSTREAM = "DOWNSTREAM_SERVICE_ERROR"


def _error(path: list[str | int], service: str, code: str = VALIDATION_FAILED) -> dict[str, Any]:
    return {"path": path, "extensions": {"code": code, "serviceName": service}}


SCENARIO = Scenario(
    name="subgraph-bad-answers",
    feature="values of the wrong type from a subgraph, refused operations, subgraph error codes",
    subgraphs=(catalog, pricing),
    cases=(
        Case(
            name="list-answered-with-a-string",
            query="{ maybeProducts { id } currency }",
            expected={
                "data": {"maybeProducts": None, "currency": "EUR"},
                "errors": [_error(["maybeProducts"], "catalog")],
            },
        ),
        Case(
            name="non-null-list-answered-with-an-object-bubbles",
            query="{ allProducts { id } }",
            expected={"data": None, "errors": [_error(["allProducts"], "catalog")]},
        ),
        Case(
            name="object-answered-with-a-list",
            query="{ featured { id name } }",
            expected={"data": {"featured": None}, "errors": [_error(["featured"], "catalog")]},
        ),
        Case(
            name="leaves-of-the-wrong-type",
            query="{ count ratio open motto currency }",
            expected={
                "data": {
                    "count": None,
                    "ratio": None,
                    "open": None,
                    "motto": None,
                    "currency": "EUR",
                },
                "errors": [
                    _error(["count"], "catalog"),
                    _error(["ratio"], "catalog"),
                    _error(["open"], "catalog"),
                    _error(["motto"], "catalog"),
                ],
            },
        ),
        Case(
            name="entity-values-of-the-wrong-type",
            query="{ products { id price tags maker { name } } }",
            expected={
                "data": {
                    "products": [
                        {"id": "p1", "price": 10, "tags": ["a"], "maker": None},
                        {"id": "p2", "price": None, "tags": ["b"], "maker": {"name": "Bolt"}},
                        {"id": "p3", "price": 30, "tags": None, "maker": {"name": "Cog"}},
                        {"id": "p4", "price": 40, "tags": ["d"], "maker": {"name": "Delta"}},
                    ]
                },
                "errors": [
                    _error(["products", 0, "maker"], "pricing"),
                    _error(["products", 1, "price"], "pricing"),
                    _error(["products", 2, "tags", 1], "pricing"),
                ],
            },
        ),
        Case(
            name="entity-that-is-not-an-object",
            query="{ products { name weight } }",
            expected={
                "data": {
                    "products": [
                        {"name": "anvil", "weight": 1},
                        {"name": "bolt", "weight": 2},
                        {"name": "cog", "weight": 3},
                        {"name": "drill", "weight": None},
                    ]
                },
                "errors": [
                    _error(["products", 3, "weight"], "pricing", "SUBREQUEST_MALFORMED_RESPONSE")
                ],
            },
        ),
        Case(
            name="subgraph-errors-keep-or-get-a-code",
            query="{ products { id discount } }",
            expected={
                "data": {
                    "products": [
                        {"id": "p1", "discount": 5},
                        {"id": "p2", "discount": None},
                        {"id": "p3", "discount": None},
                        {"id": "p4", "discount": 5},
                    ]
                },
                "errors": [
                    {
                        "message": "discount service down",
                        **_error(["products", 1, "discount"], "pricing", DOWNSTREAM),
                    },
                    {
                        "message": "no discount on cogs",
                        **_error(["products", 2, "discount"], "pricing", "NOT_DISCOUNTED"),
                    },
                ],
            },
        ),
        Case(
            name="refused-operation-is-a-gateway-error",
            query="{ legacy currency }",
            expected={
                "data": {"legacy": None, "currency": "EUR"},
                "errors": [_error(["legacy"], "catalog", "SUBREQUEST_OPERATION_REJECTED")],
            },
        ),
    ),
)
