"""Depth, aliases and root fields as the limits count them."""

from __future__ import annotations

from graphql import get_operation_ast, parse
from hypothesis import given, settings
from hypothesis import strategies as st

from gateway.policy.limits import Structure, measure


def structure_of(query: str) -> Structure:
    document = parse(query)
    operation = get_operation_ast(document)
    assert operation is not None
    return measure(document, operation)


def test_root_fields_are_depth_one_and_each_level_adds_one() -> None:
    assert structure_of("{ a }").depth == 1
    assert structure_of("{ a { b } }").depth == 2
    assert structure_of("{ a { b { c } } d }").depth == 3


def test_fragments_add_no_depth_but_their_fields_do() -> None:
    query = """
    { a { ...F ... on T { c { d } } } }
    fragment F on T { b { ...G } }
    fragment G on T { e { f } }
    """
    # a > b > e > f through the spreads, a > c > d through the inline fragment
    assert structure_of(query).depth == 4


def test_typename_and_introspection_fields_count_for_depth() -> None:
    assert structure_of("{ a { __typename } }").depth == 2
    assert structure_of("{ __schema { types { fields { type { name } } } } }").depth == 5


def test_fragment_cycles_are_cut_instead_of_looping() -> None:
    # Validation refuses cycles; the measure must still terminate on such a document.
    query = "{ a { ...F } } fragment F on T { b { ...G } } fragment G on T { c { ...F } }"
    measured = structure_of(query)
    assert measured.depth == 3
    assert structure_of("{ ...F } fragment F on Query { x ...F }").root_fields == 1


def test_unknown_fragments_count_nothing() -> None:
    assert structure_of("{ a { ...Missing } }") == Structure(depth=1, aliases=0, root_fields=1)


def test_aliases_count_every_aliased_field_once_per_fragment_spread() -> None:
    query = """
    { x: a { y: b } ...F ...F inner: c { ...F } }
    fragment F on Query { z: a { b } }
    """
    assert structure_of(query).aliases == 2 + 3 + 1


def test_root_fields_are_distinct_response_keys_after_fragment_expansion() -> None:
    assert structure_of("{ a a b: a }").root_fields == 2
    query = (
        "{ a ...F ... on Query { c } } fragment F on Query { a b ...G } fragment G on Query { d }"
    )
    assert structure_of(query).root_fields == 4
    # Fields below the root are not root fields.
    assert structure_of("{ a { b c d } }").root_fields == 1


def test_exponential_fragment_spreads_are_counted_without_expanding_them() -> None:
    # Each fragment spreads the next twice: 2**60 expansions, counted in linear time.
    levels = 60
    fragments = "\n".join(
        f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(levels)
    )
    query = f"{{ ...F0 }}\n{fragments}\nfragment F{levels} on Query {{ x: a {{ b }} }}"
    measured = structure_of(query)
    assert measured == Structure(depth=2, aliases=2**levels, root_fields=1)


def test_deep_nesting_through_fragments_does_not_hit_the_recursion_limit() -> None:
    # 3000 fragments each nesting one field: far past Python's recursion limit if the walk
    # recursed per level (the parser limits nesting inside one definition, not across them).
    levels = 3000
    fragments = "\n".join(f"fragment F{i} on T {{ a {{ ...F{i + 1} }} }}" for i in range(levels))
    query = f"{{ ...F0 }}\n{fragments}\nfragment F{levels} on T {{ b }}"
    assert structure_of(query).depth == levels + 1


@st.composite
def nested_queries(draw: st.DrawFn) -> tuple[str, int, int]:
    """A query nesting `depth` fields, each level wrapped at random in an inline fragment,
    a fragment spread or nothing, and aliased at random; returns (query, depth, aliases)."""
    depth = draw(st.integers(min_value=1, max_value=25))
    fragments: list[str] = []
    aliases = 0
    body = "leaf"
    for level in reversed(range(depth - 1)):
        alias = draw(st.booleans())
        aliases += alias
        field = f"{'x' + str(level) + ': ' if alias else ''}f{level} {{ {body} }}"
        match draw(st.sampled_from(["plain", "inline", "spread"])):
            case "inline":
                body = f"... on T {{ {field} }}"
            case "spread":
                fragments.append(f"fragment G{level} on T {{ {field} }}")
                body = f"...G{level}"
            case _:
                body = field
    return "{ " + body + " }\n" + "\n".join(fragments), depth, aliases


@settings(max_examples=150, deadline=None)
@given(nested_queries())
def test_depth_of_generated_nested_queries_is_their_nesting(case: tuple[str, int, int]) -> None:
    query, depth, aliases = case
    measured = structure_of(query)
    assert measured.depth == depth
    assert measured.aliases == aliases
