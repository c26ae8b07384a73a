"""The rewrites used as oracles: each keeps the operation valid and means the same thing."""

from __future__ import annotations

from graphql import build_schema, parse, print_ast, validate

from .compare import agrees, outcome, same
from .metamorphic import REWRITES, rewrite, unprefixed

SCHEMA = build_schema(
    """
    type Query { shelf: Shelf }
    type Shelf { id: ID!  label: String  item: Item }
    interface Item { id: ID! }
    type Book implements Item { id: ID!  pages: Int! }
    """
)

QUERY = """
query Q($show: Boolean!) {
  shelf {
    label: id
    id: label @include(if: $show)
    ...Parts @skip(if: false)
    item @include(if: true) { ... on Book { __typename kind: __typename pages } }
  }
}
fragment Parts on Shelf { item { id } }
"""


def _normal(text: str) -> str:
    return print_ast(parse(text))


def test_aliased_prefixes_every_response_key() -> None:
    done = rewrite(SCHEMA, "aliased", QUERY, {"show": True})
    assert done is not None
    assert done.prefixed
    assert "m_label: id" in done.query
    assert "m_id: label" in done.query
    assert "m___typename: __typename" in done.query
    assert "m_kind: __typename" in done.query
    assert "m_item: item" in done.query


def test_inlined_replaces_fragment_spreads() -> None:
    done = rewrite(SCHEMA, "inlined", QUERY, {"show": True})
    assert done is not None
    assert "fragment" not in done.query
    assert "... on Shelf @skip(if: false)" in done.query


def test_flipped_conditions_swap_literals_and_variables() -> None:
    done = rewrite(SCHEMA, "flipped_conditions", QUERY, {"show": False})
    assert done is not None
    assert "@include(if: false)" in done.query  # $show was false
    assert "@skip(if: $mc0)" in _normal(done.query)
    assert "@include(if: $mc1)" in done.query
    assert dict(done.variables) == {"mc0": False, "mc1": True}


def test_conditions_applied_removes_excluded_selections_only() -> None:
    done = rewrite(SCHEMA, "conditions_applied", QUERY, {"show": False})
    assert done is not None
    assert "id: label" not in done.query
    assert "@" not in done.query
    assert "...Parts" in done.query
    assert "item {" in done.query
    assert dict(done.variables) == {}


def test_every_rewrite_stays_valid() -> None:
    for name in REWRITES:
        done = rewrite(SCHEMA, name, QUERY, {"show": True})
        assert done is not None, name
        assert validate(SCHEMA, parse(done.query)) == [], name


def test_unprefixed_restores_keys_and_compare_sees_differences() -> None:
    answer = {"m_shelf": {"m_label": "s1", "m_item": [{"m___typename": "Book"}]}}
    assert unprefixed(answer) == {"shelf": {"label": "s1", "item": [{"__typename": "Book"}]}}
    left = outcome(200, {"data": {"a": 1, "b": 2}})
    assert same(left, outcome(200, {"data": {"a": 1, "b": 2}}))
    assert not same(left, outcome(200, {"data": {"b": 2, "a": 1}})), "key order counts"
    assert not same(left, outcome(200, {"data": {"a": 1, "b": 2}, "errors": [{"message": "x"}]}))


def test_agrees_allows_our_errors_only_where_they_explain_a_null() -> None:
    data = {"pins": [{"shade": "matte"}, None]}
    reference = outcome(200, {"data": data})
    explained = outcome(200, {"data": data, "errors": [{"message": "x", "path": ["pins", 1]}]})
    assert agrees(explained, reference, data)
    stray = outcome(200, {"data": data, "errors": [{"message": "x", "path": ["pins", 0]}]})
    assert not agrees(stray, reference, data)
    silent = outcome(200, {"data": data})
    with_error = outcome(200, {"data": data, "errors": [{"message": "x", "path": ["pins", 1]}]})
    assert not agrees(silent, with_error, data), "an error the reference gave must be ours too"
    assert not agrees(outcome(200, {"data": {"pins": []}}), reference, data)
