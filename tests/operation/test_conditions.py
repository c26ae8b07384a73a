from graphql import OperationDefinitionNode, parse

from gateway.operation.conditions import condition_variables, is_included


def test_condition_variables_are_found_through_fragments() -> None:
    document = parse(
        """
        query($a: Boolean!, $b: Boolean!, $c: Boolean!, $unused: Int) {
          x @skip(if: $a) { ...F }
          ... @include(if: $c) { z }
        }
        fragment F on T { y @include(if: $b) }
        """
    )
    operation = document.definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    fragments = {d.name.value: d for d in document.definitions[1:]}  # type: ignore[attr-defined]
    assert condition_variables(operation, fragments) == ("a", "b", "c")


def test_is_included_reads_literals_and_variables() -> None:
    document = parse("{ a @skip(if: true) b @include(if: $v) c @skip(if: $v) @include(if: true) }")
    operation = document.definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    a, b, c = operation.selection_set.selections
    assert not is_included(a.directives, {})
    assert is_included(b.directives, {"v": True})
    assert not is_included(b.directives, {"v": False})
    assert not is_included(c.directives, {"v": True})
    assert is_included(c.directives, {"v": False})
