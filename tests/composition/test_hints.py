"""Hints are returned beside a successful composition, with Apollo's codes and wording."""

from __future__ import annotations

from tests.composition.helpers import compose_ok, fed2


def test_entity_in_some_subgraphs_only_gives_inconsistent_entity() -> None:
    result = compose_ok(
        a=fed2('type Query { t: T }\ntype T @key(fields: "id") { id: ID! x: Int }'),
        b=fed2("type T { id: ID! @shareable }"),
    )
    messages = {h.code: h.message for h in result.hints}
    assert messages["INCONSISTENT_ENTITY"] == (
        'Type "T" is declared as an entity (has a @key applied) in some but not all defining '
        'subgraphs: it has no @key in subgraph "b" but has some @key in subgraph "a".'
    )


def test_union_member_in_one_subgraph_gives_inconsistent_union_member() -> None:
    result = compose_ok(
        a=fed2(
            "type Query { u: U }\nunion U = A | B\ntype A @shareable { a: Int }\ntype B { b: Int }"
        ),
        b=fed2("type Query { v: U }\nunion U = A\ntype A @shareable { a: Int }"),
    )
    codes = [h.code for h in result.hints]
    assert "INCONSISTENT_UNION_MEMBER" in codes
    assert '@join__unionMember(graph: A, member: "B")' in result.supergraph_sdl


def test_progressive_override_gives_migration_hint_and_labels() -> None:
    result = compose_ok(
        a=fed2('type Query { t: T }\ntype T @key(fields: "id") { id: ID! x: Int }', version="2.7"),
        b=fed2(
            'type T @key(fields: "id") {\n'
            "  id: ID!\n"
            '  x: Int @override(from: "a", label: "percent(5)")\n'
            "}",
            version="2.7",
        ),
    )
    assert [h.code for h in result.hints] == ["OVERRIDE_MIGRATION_IN_PROGRESS"]
    assert (
        'x: Int @join__field(graph: A, overrideLabel: "percent(5)") '
        '@join__field(graph: B, override: "a", overrideLabel: "percent(5)")'
    ) in result.supergraph_sdl
