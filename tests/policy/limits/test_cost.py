"""The estimated cost: Apollo's demand-control formula over @cost and @listSize."""

from __future__ import annotations

import pytest
from graphql import get_operation_ast, parse
from hypothesis import given, settings
from hypothesis import strategies as st

from gateway.policy.limits import SlicingRefused

from .support import cost, limiter_for, supergraph_of

BOOKS = supergraph_of(
    books="""
    type Query {
      book(id: ID!): Book
      books(first: Int, last: Int): [Book!]! @listSize(slicingArguments: ["first", "last"])
      page(first: Int = 5): BookPage
        @listSize(slicingArguments: ["first"], sizedFields: ["items"],
                  requireOneSlicingArgument: false)
      shelves: [Shelf!]!
      top: [Book!]! @listSize(assumedSize: 3)
      pricey: Int @cost(weight: 20)
      level: Level
      search(filter: Filter, tags: [String!] @cost(weight: 2)): [Book!]! @listSize(assumedSize: 4)
      node: Node
      anything: Item
    }
    type Mutation { addBook(title: String!): Book }
    type BookPage { items: [Book!]! total: Int }
    type Shelf { books: [Book!]! }
    interface Node { id: ID! }
    type Book implements Node @key(fields: "id") @cost(weight: 2) {
      id: ID! title: String author: Author
    }
    type Author { name: String }
    union Item = Book | Author
    input Filter { text: String @cost(weight: 6) nested: Filter }
    enum Level @cost(weight: 5) { LOW HIGH }
    """
)


def test_objects_cost_their_weight_and_leaves_nothing() -> None:
    assert cost(BOOKS, '{ book(id: "1") { id title } }') == 2  # Book's @cost
    assert cost(BOOKS, '{ book(id: "1") { author { name } } }') == 3


def test_a_field_cost_overrides_its_type_and_enum_or_scalar_types_weigh_their_cost() -> None:
    assert cost(BOOKS, "{ pricey }") == 20
    assert cost(BOOKS, "{ level }") == 5


def test_interfaces_and_unions_cost_one_per_object() -> None:
    assert cost(BOOKS, "{ node { id } anything { ... on Book { title } } }") == 2


def test_lists_without_list_size_multiply_by_the_default_size() -> None:
    assert cost(BOOKS, "{ shelves { books { id } } }") == 10 * (1 + 10 * 2)
    assert cost(BOOKS, "{ shelves { books { id } } }", default_list_size=3) == 3 * (1 + 3 * 2)


def test_assumed_size_replaces_the_default_size() -> None:
    assert cost(BOOKS, "{ top { id } }") == 3 * 2


def test_slicing_argument_sizes_the_list_from_literal_or_variable() -> None:
    assert cost(BOOKS, "{ books(first: 7) { id } }") == 7 * 2
    query = "query ($n: Int) { books(last: $n) { id } }"
    assert cost(BOOKS, query, {"n": 9}) == 9 * 2
    assert cost(BOOKS, query, {"n": 100}) == 100 * 2


def test_schema_default_of_a_slicing_argument_applies_when_none_is_given() -> None:
    assert cost(BOOKS, "{ page { items { id } } }") == 1 + 5 * 2
    query = "query ($n: Int) { page(first: $n) { items { id } total } }"
    assert cost(BOOKS, query, {"n": 50}) == 1 + 50 * 2
    assert cost(BOOKS, query, {}) == 1 + 5 * 2


def test_sized_fields_take_the_parent_slicing_size() -> None:
    assert cost(BOOKS, "{ page(first: 2) { items { id } total } }") == 1 + 2 * 2


@pytest.mark.parametrize(
    "query", ["{ books { id } }", "{ books(first: 1, last: 2) { id } }"], ids=["none", "two"]
)
def test_exactly_one_slicing_argument_is_required_by_default(query: str) -> None:
    with pytest.raises(SlicingRefused, match=r"Query\.books needs exactly one"):
        cost(BOOKS, query)


def test_a_null_variable_is_no_slicing_argument() -> None:
    with pytest.raises(SlicingRefused):
        cost(BOOKS, "query ($n: Int) { books(first: $n) { id } }", {"n": None})


def test_argument_values_cost_per_input_object_list_item_and_weight() -> None:
    search = 4 * 2
    assert cost(BOOKS, '{ search(filter: {text: "a"}) { id } }') == search + 1 + 6
    assert cost(BOOKS, '{ search(tags: ["a", "b"]) { id } }') == search + 2 + 2 * 2
    assert cost(BOOKS, "{ search(filter: null) { id } }") == search


def test_variable_argument_values_are_scored_like_literals() -> None:
    query = "query ($f: Filter) { search(filter: $f) { id } }"
    nested = {"text": "x", "nested": {"text": "y"}}
    assert cost(BOOKS, query, {"f": nested}) == 8 + (1 + 6) + (1 + 6)
    assert cost(BOOKS, query, {"f": None}) == 8
    inner = "query ($t: String) { search(filter: {nested: {text: $t}}) { id } }"
    assert cost(BOOKS, inner, {"t": "z"}) == 8 + 1 + 1 + 6
    assert cost(BOOKS, inner, {"t": None}) == 8 + 1 + 1


def test_mutations_add_their_base_cost() -> None:
    assert cost(BOOKS, 'mutation { addBook(title: "x") { id } }') == 10 + 2


def test_typename_and_introspection_cost_nothing() -> None:
    query = '{ __typename book(id: "1") { __typename } __schema { types { fields { name } } } }'
    assert cost(BOOKS, query) == 2


def test_fragments_cost_once_per_spread() -> None:
    query = """
    { book(id: "1") { ...F } top { ...F } }
    fragment F on Book { author { name } }
    """
    assert cost(BOOKS, query) == (2 + 1) + 3 * (2 + 1)


def test_literal_skip_and_include_remove_their_selection() -> None:
    query = '{ book(id: "1") @skip(if: true) { id } pricey @include(if: false) top { id } }'
    assert cost(BOOKS, query) == 6


def test_variable_conditions_count_only_when_the_variables_open_them() -> None:
    query = """
    query ($s: Boolean!, $i: Boolean!) {
      pricey @skip(if: $s)
      ... @include(if: $i) { level }
      ...F @include(if: $i)
    }
    fragment F on Query { top { id } }
    """
    assert cost(BOOKS, query, {"s": False, "i": True}) == 20 + 5 + 6
    assert cost(BOOKS, query, {"s": True, "i": True}) == 5 + 6
    assert cost(BOOKS, query, {"s": False, "i": False}) == 20


def test_requires_adds_the_cost_of_the_required_selection() -> None:
    supergraph = supergraph_of(
        catalog="""
        type Query { books: [Book!]! @listSize(assumedSize: 2) }
        type Book @key(fields: "id") { id: ID! author: Author }
        type Author { name: String }
        """,
        reviews="""
        type Book @key(fields: "id") {
          id: ID!
          author: Author @external
          blurb: String @requires(fields: "author { name }")
        }
        type Author { name: String @external }
        """,
    )
    assert cost(supergraph, "{ books { id } }") == 2 * 1
    assert cost(supergraph, "{ books { blurb } }") == 2 * 1 + 2 * 1


@settings(max_examples=60, deadline=None)
@given(
    levels=st.integers(min_value=1, max_value=7),
    size=st.integers(min_value=1, max_value=12),
    sliced=st.booleans(),
)
def test_nested_lists_cost_the_sum_of_their_products(levels: int, size: int, sliced: bool) -> None:
    # levels nested lists of objects of weight 1: size + size**2 + ... + size**levels
    selection = "id"
    for _ in range(levels):
        selection = f"children(first: $n) {{ {selection} }}" if sliced else f"all {{ {selection} }}"
    query = f"query ($n: Int) {{ {selection} }}" if sliced else f"{{ {selection} }}"
    expected = sum(size**k for k in range(1, levels + 1))
    variables = {"n": size}
    assert cost(TREE, query, variables, default_list_size=size if not sliced else 1) == expected


TREE = supergraph_of(
    tree="""
    type Query {
      children(first: Int): [Node!]! @listSize(slicingArguments: ["first"])
      all: [Node!]!
    }
    type Node {
      id: ID!
      children(first: Int): [Node!]! @listSize(slicingArguments: ["first"])
      all: [Node!]!
    }
    """
)


@settings(max_examples=60, deadline=None)
@given(
    first=st.integers(min_value=0, max_value=500),
    skip=st.booleans(),
    include=st.booleans(),
    text=st.one_of(st.none(), st.text(alphabet="ab z", max_size=3)),
)
def test_variables_cost_what_the_same_values_written_inline_cost(
    first: int, skip: bool, include: bool, text: str | None
) -> None:
    # The per-request terms (variables) and the folded constants (literals) must agree.
    with_variables = """
    query ($n: Int, $s: Boolean!, $i: Boolean!, $t: String) {
      page(first: $n) { items { id author { name } } }
      pricey @skip(if: $s)
      ... @include(if: $i) { top { id } }
      search(filter: {text: $t}) { id }
    }
    """
    literal_text = "null" if text is None else f'"{text}"'
    inline = f"""
    {{
      page(first: {first}) {{ items {{ id author {{ name }} }} }}
      pricey @skip(if: {str(skip).lower()})
      ... @include(if: {str(include).lower()}) {{ top {{ id }} }}
      search(filter: {{text: {literal_text}}}) {{ id }}
    }}
    """
    variables = {"n": first, "s": skip, "i": include, "t": text}
    assert cost(BOOKS, with_variables, variables) == cost(BOOKS, inline)


def test_fragment_cycles_are_cut_instead_of_looping() -> None:
    # Validation refuses this document; the estimate must still end.
    document = parse(
        '{ book(id: "1") { ...A } } fragment A on Book { author { name } ...B }'
        " fragment B on Book { ...A }"
    )
    node = get_operation_ast(document)
    assert node is not None
    limiter = limiter_for(BOOKS)
    assert limiter.estimated_cost(document, node) == 2 + 1
    assert limiter.check(document, node, {}) == []
