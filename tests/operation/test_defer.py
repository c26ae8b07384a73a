"""The `@defer` reader: which fragments are deferred, numbered how, found where."""

from __future__ import annotations

from graphql import OperationDefinitionNode, parse

from gateway.operation.defer import defer_variables, deferred_fragments
from gateway.operation.fragments import fragments_of


def _read(query: str, values: dict[str, object] | None = None) -> list[tuple[object, ...]]:
    document = parse(query)
    operation = document.definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    found = deferred_fragments(operation, fragments_of(document), values or {})
    return [(f.index, f.label, f.path, f.parent, f.type_condition) for f in found]


def test_fragments_are_numbered_in_document_order_with_their_parents() -> None:
    query = """{ a: me { ... @defer(label: "x") { name ... on User @defer { id } } }
                 list { ...Later @defer(label: "y") } } fragment Later on Item { v }"""
    assert _read(query) == [
        (0, "x", ("a",), None, None),
        (1, None, ("a",), 0, "User"),
        (2, "y", ("list",), None, "Item"),
    ]


def test_if_false_and_unset_variables_are_not_deferred() -> None:
    query = "query($d: Boolean) { me { ... @defer(if: false) { a } ... @defer(if: $d) { b } } }"
    assert _read(query) == []
    assert [entry[0] for entry in _read(query, {"d": True})] == [0]


def test_defer_variables_are_listed_once() -> None:
    document = parse(
        "query($d: Boolean, $e: Boolean) { a { ... @defer(if: $d) { x } ... @defer(if: $d) { y }"
        " ... @defer(if: $e) { z } } }"
    )
    operation = document.definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    assert defer_variables(operation, fragments_of(document)) == ("d", "e")
