"""`is_included` agrees with graphql-core's `should_include_node` on every combination of
`@skip`/`@include` with literal and variable conditions."""

from __future__ import annotations

import itertools

from graphql import FieldNode, OperationDefinitionNode, parse
from graphql.execution.collect_fields import should_include_node

from gateway.operation import is_included, read_condition

ARGUMENTS = ("true", "false", "$a", "$b")
DIRECTIVES = [f"@{name}(if: {value})" for name in ("skip", "include") for value in ARGUMENTS]
VALUES = [{"a": a, "b": b} for a, b in itertools.product((True, False), repeat=2)]


def _field(directives: str) -> FieldNode:
    document = parse(f"query($a: Boolean!, $b: Boolean!) {{ f {directives} }}")
    operation = document.definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    field = operation.selection_set.selections[0]
    assert isinstance(field, FieldNode)
    return field


def test_is_included_agrees_with_graphql_core() -> None:
    combinations = [()] + [(d,) for d in DIRECTIVES] + list(itertools.product(DIRECTIVES, repeat=2))
    checked = 0
    for combination in combinations:
        if len(combination) == 2 and combination[0].split("(")[0] == combination[1].split("(")[0]:
            continue  # one directive per location: graphql-core reads only the first of a repeat
        field = _field(" ".join(combination))
        for values in VALUES:
            expected = should_include_node(values, field)
            assert is_included(field.directives, values) is expected, (combination, values)
            checked += 1
    assert checked == 4 * (1 + 8 + 32)


def test_read_condition_names_the_variable_and_the_value_that_keeps() -> None:
    skip, include, other = _field("@skip(if: $a) @include(if: $b) @deprecated").directives
    assert read_condition(skip) == ("a", False)
    assert read_condition(include) == ("b", True)
    assert read_condition(other) is None
    literal_skip, literal_include = _field("@skip(if: false) @include(if: false)").directives
    assert read_condition(literal_skip) is True
    assert read_condition(literal_include) is False
