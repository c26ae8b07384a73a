"""The random operation generator: valid, reproducible, and reaching the features it promises."""

from __future__ import annotations

import re

import pytest
from conformance.harness import Scenario
from conformance.scenarios import all_scenarios
from graphql import build_schema, parse, validate

from .corpus import api_schema, generator_for
from .generator import Generator, harvest_arguments

SCENARIOS = all_scenarios()

SCHEMA = build_schema(
    """
    type Query { shelf(id: ID!): Shelf  items: [Item!]! }
    type Shelf { id: ID!  label: String  items(first: Int): [Item!]! }
    interface Item { id: ID!  title: String! }
    type Book implements Item { id: ID!  title: String!  pages: Int! }
    type Film implements Item { id: ID!  title: String!  minutes: Int! }
    union Pick = Book | Film
    """
)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_operations_are_valid_and_reproducible(scenario: Scenario) -> None:
    schema = api_schema(scenario)
    generator = generator_for(scenario)
    again = generator_for(scenario)
    for seed in range(8):
        operation = generator.operation(seed)
        assert operation is not None, f"seed {seed} gave no operation"
        assert validate(schema, parse(operation.query)) == []
        assert again.operation(seed) == operation


def test_harvested_arguments_are_reused() -> None:
    pool = harvest_arguments(SCHEMA, ['{ shelf(id: "s-42") { id } }', "{ not valid"])
    texts = {Generator(SCHEMA, pool).operation(seed).query for seed in range(60)}  # type: ignore[union-attr]
    with_shelf = [t for t in texts if "shelf(" in t or "$v" in t]
    assert any('"s-42"' in t for t in with_shelf)
    assert not any('shelf(id: "1"' in t for t in texts)


def test_operations_reach_every_feature() -> None:
    generator = Generator(SCHEMA)
    texts = [generator.operation(seed).query for seed in range(300)]  # type: ignore[union-attr]
    joined = "\n".join(texts)
    assert re.search(r"\b\w+: \w+", joined), "aliases"
    assert "... on Book" in joined, "type conditions on an interface"
    assert "... on Film" in joined, "type conditions on an interface"
    assert re.search(r"\.\.\. @(skip|include)", joined), "fragments without a type condition"
    assert "fragment F0 on" in joined, "named fragments"
    assert "@skip(if: $v" in joined, "variable conditions"
    assert "@include(if: true)" in joined, "literal conditions"
    assert re.search(r"\w+: __typename", joined)
    assert re.search(r"[{ ]__typename", joined)
    assert re.search(r"\{ [^{}]*\{ [^{}]*\{", joined), "nesting"


def test_an_operation_never_repeats_a_directive_at_one_location() -> None:
    generator = Generator(SCHEMA)
    for seed in range(200):
        operation = generator.operation(seed)
        assert operation is not None
        for location in re.findall(r"((?:@\w+\([^)]*\)\s*)+)", operation.query):
            names = re.findall(r"@(\w+)", location)
            assert len(names) == len(set(names)), operation.query
