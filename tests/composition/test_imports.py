"""How subgraphs spell federation directives: renamed imports, namespaces, Federation 1."""

from __future__ import annotations

from tests.composition.helpers import compose_ok

LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", '


def test_renamed_tag_import_keeps_the_subgraph_name_in_the_supergraph() -> None:
    result = compose_ok(
        a=LINK
        + 'import: [{ name: "@tag", as: "@label" }])\ntype Query { a: Int @label(name: "x") }'
    )
    sdl = result.supergraph_sdl
    assert (
        '@link(url: "https://specs.apollo.dev/tag/v0.3", import: [{name: "@tag", as: "@label"}])'
        in sdl
    )
    assert "directive @label(name: String!) repeatable on" in sdl
    assert 'a: Int @label(name: "x")' in sdl


def test_namespaced_federation_directives_are_recognised() -> None:
    result = compose_ok(
        a=LINK + 'as: "fed", import: [])\ntype Query { t: T }\n'
        'type T @fed__key(fields: "id") { id: ID! }',
        b=LINK + 'import: [])\ntype T @federation__key(fields: "id") { id: ID! x: Int }',
    )
    assert '@join__type(graph: A, key: "id")' in result.supergraph_sdl
    assert '@join__type(graph: B, key: "id")' in result.supergraph_sdl


def test_federation1_value_types_are_implicitly_shareable() -> None:
    result = compose_ok(
        a="type Query { a: Money }\ntype Money { amount: Int currency: String }",
        b="type Query { b: Money }\ntype Money { amount: Int currency: String }",
    )
    assert (
        "type Money\n  @join__type(graph: A)\n  @join__type(graph: B)\n{" in result.supergraph_sdl
    )


def test_federation1_requires_on_a_local_key_field_is_dropped() -> None:
    result = compose_ok(
        a='type Query { t: T }\ntype T @key(fields: "id") { id: ID! }',
        b='extend type T @key(fields: "id") { id: ID! @external x: Int @requires(fields: "id") }',
    )
    assert 'requires: "' not in result.supergraph_sdl
    # The upgrade turns the Federation 1 extension into a definition, as Apollo does.
    assert '@join__type(graph: B, key: "id")\n' in result.supergraph_sdl
