"""The normalised document and hash: the operation, the fragments it uses, literals hidden."""

from __future__ import annotations

import hashlib

from graphql import parse, print_ast

from gateway.operation.fragments import fragments_of
from gateway.usage import introspection_only, normalised_document, signature_hash
from gateway.usage.signature import used_fragments


def _normalised(text: str, name: str | None = None) -> str:
    document = parse(text)
    [operation] = [
        d
        for d in document.definitions
        if d.kind == "operation_definition" and (name is None or (d.name and d.name.value == name))
    ]
    return normalised_document(operation, fragments_of(document))


def test_literals_are_hidden_and_enums_booleans_null_and_variables_kept() -> None:
    text = """
    query Search($first: Int = 20, $level: Level = ADVANCED) {
      search(filter: {level: BEGINNER, subject: "maths", tags: ["a", "b"]}, first: $first) {
        name @include(if: true)
        subjects(level: ADVANCED, limit: 3, ratio: 0.5, note: \"\"\"b\"\"\", none: null) {
          name
        }
      }
    }
    """
    assert _normalised(text) == (
        "query Search($first: Int = 0, $level: Level = ADVANCED) {\n"
        "  search(filter: {}, first: $first) {\n"
        "    name @include(if: true)\n"
        '    subjects(level: ADVANCED, limit: 0, ratio: 0, note: "", none: null) {\n'
        "      name\n"
        "    }\n"
        "  }\n"
        "}"
    )


def test_only_the_operation_and_the_fragments_it_uses_are_kept_sorted_by_name() -> None:
    text = """
    query Other { tutor(id: "2") { id } }
    fragment Unused on Tutor { name }
    query Profile { tutor(id: "1") { ...Zed ... on Tutor { ...Alpha } } }
    fragment Zed on Tutor { id ...Inner }
    fragment Alpha on Tutor { name }
    fragment Inner on Person { id }
    """
    normalised = _normalised(text, "Profile")
    assert normalised.startswith('query Profile {\n  tutor(id: "") {')
    assert [line for line in normalised.splitlines() if line.startswith("fragment")] == [
        "fragment Alpha on Tutor {",
        "fragment Inner on Person {",
        "fragment Zed on Tutor {",
    ]
    assert "Other" not in normalised
    assert "Unused" not in normalised


def test_requests_differing_only_in_literals_share_the_hash() -> None:
    one = _normalised('{ tutor(id: "1") { name } }')
    two = _normalised('{ tutor(id: "2") { name } }')
    other = _normalised('{ tutor(id: "1") { id } }')
    assert signature_hash(one) == signature_hash(two) != signature_hash(other)
    assert signature_hash(one) == hashlib.sha256(one.encode()).hexdigest()


def test_the_parsed_document_is_left_as_it_was() -> None:
    document = parse('query Q { tutor(id: "1") { name } }')
    before = print_ast(document)
    normalised_document(document.definitions[0], {})  # type: ignore[arg-type]
    assert print_ast(document) == before


def test_fragment_cycles_end() -> None:
    document = parse("{ a { ...A } } fragment A on T { ...B } fragment B on T { ...A }")
    names = [f.name.value for f in used_fragments(document.definitions[0], fragments_of(document))]  # type: ignore[arg-type]
    assert names == ["A", "B"]


def test_introspection_only_means_every_root_field_is_a_meta_field() -> None:
    def only(text: str) -> bool:
        document = parse(text)
        return introspection_only(document.definitions[0], fragments_of(document))  # type: ignore[arg-type]

    assert only("{ __schema { types { name } } }")
    assert only(
        '{ __typename ... on Query { __type(name: "T") { name } } ...F }'
        " fragment F on Query { __typename }"
    )
    assert not only("{ __typename tutor(id: 1) { name } }")
    assert not only("{ ...F } fragment F on Query { tutor(id: 1) { name } }")
