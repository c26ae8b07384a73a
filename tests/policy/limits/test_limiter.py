"""OperationLimiter: coded refusals with numbers, introspection included, cached per operation."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import get_introspection_query

from gateway.config import LimitsConfig
from gateway.policy.limits import CostModel, OperationLimiter

from .support import limiter_for, operation, supergraph_of

SHOP = supergraph_of(
    shop="""
    type Query {
      product(id: ID!): Product
      products(first: Int): [Product!]! @listSize(slicingArguments: ["first"])
      categories: [Category!]!
      a: Int b: Int c: Int
    }
    type Mutation { buy(id: ID!): Product @cost(weight: 5) }
    type Product @key(fields: "id") { id: ID! name: String related: [Product!]! category: Category }
    type Category { name: String parent: Category products: [Product!]! }
    """
)


def check(
    query: str, variables: dict[str, Any] | None = None, **limits: Any
) -> list[dict[str, Any]]:
    op = operation(SHOP, query)
    return limiter_for(SHOP, **limits).check(op.document, op.node, variables or {})


def nested_categories(levels: int) -> str:
    """`{ categories { parent { parent ... { name } } } }` with `levels` fields in all."""
    return "{ categories { " + "parent { " * (levels - 2) + "name" + " }" * (levels - 1) + " }"


def test_an_operation_within_every_limit_passes() -> None:
    assert check('{ product(id: "1") { name related { name } } }') == []


def test_too_deep_is_refused_with_depth_and_limit_in_message_and_extensions() -> None:
    assert check(nested_categories(15)) == []
    assert check(nested_categories(17)) == [
        {
            "message": "The operation's depth 17 exceeds the limit 15.",
            "extensions": {"code": "MAX_DEPTH_EXCEEDED", "limit": 15, "measured": 17},
        }
    ]


def test_too_many_aliases_is_refused() -> None:
    query = "{ " + " ".join(f"x{i}: a" for i in range(4)) + " }"
    assert check(query, max_aliases=4) == []
    assert check(query, max_aliases=3) == [
        {
            "message": "The operation's aliases 4 exceeds the limit 3.",
            "extensions": {"code": "MAX_ALIASES_EXCEEDED", "limit": 3, "measured": 4},
        }
    ]


def test_too_many_root_fields_is_refused() -> None:
    assert check("{ a b c }", max_root_fields=3) == []
    assert check("{ a b c }", max_root_fields=2) == [
        {
            "message": "The operation's root fields 3 exceeds the limit 2.",
            "extensions": {"code": "MAX_ROOT_FIELDS_EXCEEDED", "limit": 2, "measured": 3},
        }
    ]


def test_too_expensive_is_refused_with_apollo_extensions() -> None:
    query = "{ categories { products { name } } }"  # 10 * (1 + 10 * 1)
    assert check(query, max_cost=110) == []
    assert check(query, max_cost=109) == [
        {
            "message": "The operation's estimated cost 110 exceeds the limit 109.",
            "extensions": {
                "code": "COST_ESTIMATED_TOO_EXPENSIVE",
                "limit": 109,
                "measured": 110,
                "cost.estimated": 110,
                "cost.max": 109,
            },
        }
    ]


def test_every_exceeded_limit_is_reported() -> None:
    query = "{ x: a y: b categories { products { name } } }"
    codes = [
        e["extensions"]["code"] for e in check(query, max_aliases=1, max_root_fields=2, max_cost=5)
    ]
    assert codes == [
        "MAX_ALIASES_EXCEEDED",
        "MAX_ROOT_FIELDS_EXCEEDED",
        "COST_ESTIMATED_TOO_EXPENSIVE",
    ]


def test_cost_from_variables_is_judged_per_request() -> None:
    op = operation(SHOP, "query ($n: Int) { products(first: $n) { name } }")
    limiter = limiter_for(SHOP, max_cost=100)
    assert limiter.check(op.document, op.node, {"n": 100}) == []
    refused = limiter.check(op.document, op.node, {"n": 101})
    assert [e["extensions"]["measured"] for e in refused] == [101]
    assert limiter.check(op.document, op.node, {"n": 3}) == []


def test_missing_slicing_argument_is_refused_with_apollos_code() -> None:
    static = check("{ products { name } }")
    assert [e["extensions"]["code"] for e in static] == ["COST_QUERY_PARSE_FAILURE"]
    assert (
        "Query.products needs exactly one of its slicing arguments (first)" in static[0]["message"]
    )
    dynamic = check("query ($n: Int) { products(first: $n) { name } }", {"n": None})
    assert [e["extensions"]["code"] for e in dynamic] == ["COST_QUERY_PARSE_FAILURE"]


def test_mutation_cost_includes_its_base() -> None:
    assert check('mutation { buy(id: "1") { name } }', max_cost=15) == []
    refused = check('mutation { buy(id: "1") { name } }', max_cost=14)
    assert refused[0]["extensions"]["measured"] == 10 + 5


def test_deep_introspection_is_refused_like_any_deep_operation() -> None:
    query = "{ __schema { types { fields { type { " + "ofType { " * 12 + "name" + " }" * 16 + " }"
    refused = check(query)
    assert [e["extensions"]["code"] for e in refused] == ["MAX_DEPTH_EXCEEDED"]
    assert refused[0]["extensions"]["measured"] == 17


def test_the_standard_introspection_query_passes_the_default_limits() -> None:
    # What GraphiQL and codegen tools send (graphql-js and graphql-core: depth 15).
    query = get_introspection_query(descriptions=True, input_value_deprecation=True)
    op = operation(SHOP, query)
    limiter = OperationLimiter(LimitsConfig(), SHOP)
    assert limiter.structure(op.document, op.node).depth == 15
    assert limiter.check(op.document, op.node, {}) == []


def test_default_limits_are_safe_for_production() -> None:
    defaults = LimitsConfig()
    assert defaults.max_depth <= 15
    assert check(nested_categories(defaults.max_depth + 1))[0]["extensions"]["code"] == (
        "MAX_DEPTH_EXCEEDED"
    )


def test_an_operation_is_analysed_once_however_often_it_is_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    compiled: list[str] = []
    real = CostModel.compile

    def counting(self: CostModel, document: Any, node: Any) -> Any:
        compiled.append(node.name.value if node.name else "")
        return real(self, document, node)

    monkeypatch.setattr(CostModel, "compile", counting)
    limiter = limiter_for(SHOP, max_cost=50)
    static = operation(SHOP, "query Static { categories { name } }")
    dynamic = operation(SHOP, "query Dynamic($n: Int) { products(first: $n) { name } }")
    for n in (1, 60, 2):
        assert limiter.check(static.document, static.node, {}) == []
        refused = limiter.check(dynamic.document, dynamic.node, {"n": n})
        assert bool(refused) is (n == 60)
    assert compiled == ["Static", "Dynamic"]
    # A new parse of the same text is a new node: analysed again, not confused with the old.
    again = operation(SHOP, "query Static { categories { name } }")
    assert limiter.check(again.document, again.node, {}) == []
    assert compiled == ["Static", "Dynamic", "Static"]


def test_the_cost_of_a_too_deep_operation_is_not_estimated() -> None:
    refused = check(nested_categories(40), max_cost=1)
    assert [e["extensions"]["code"] for e in refused] == ["MAX_DEPTH_EXCEEDED"]


def test_changing_a_returned_refusal_does_not_change_the_next_one() -> None:
    op = operation(SHOP, nested_categories(17))
    limiter = limiter_for(SHOP)
    first = limiter.check(op.document, op.node, {})
    first[0]["extensions"]["code"] = "CHANGED"
    first[0]["path"] = ["x"]
    assert limiter.check(op.document, op.node, {}) == check(nested_categories(17))
