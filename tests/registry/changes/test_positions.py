"""Criticality that depends on where a change happens: output or input position, existing or
new element, with or without a default (values as graphql-inspector 8 gives them)."""

from __future__ import annotations

import pytest
from graphql import GraphQLType, build_schema

from registry.changes import Change, Criticality, diff_sdl
from registry.changes.values import is_safe_input_change, is_safe_output_change

BREAKING, DANGEROUS, SAFE = Criticality.BREAKING, Criticality.DANGEROUS, Criticality.SAFE


def only(old: str, new: str, kind: str) -> Change:
    """The single change of `kind` between the two SDLs."""
    (change,) = [c for c in diff_sdl(old, new) if c.type == kind]
    return change


def _field_type(sdl_type: str) -> GraphQLType:
    query = build_schema(f"type Query {{ f: {sdl_type} }}").query_type
    assert query is not None
    field_type: GraphQLType = query.fields["f"].type
    return field_type


# (old, new, safe as a field's type, safe as an argument's or input field's type)
TYPE_CHANGES = [
    ("Int", "Int!", True, False),
    ("Int!", "Int", False, True),
    ("[Int]", "[Int!]", True, False),
    ("[Int!]", "[Int]", False, True),
    ("[Int]", "[Int]!", True, False),
    ("[Int]!", "[Int]", False, True),
    ("[Int]", "[Int!]!", True, False),
    ("[Int!]!", "[Int]", False, True),
    ("[[Int]]", "[[Int!]!]!", True, False),
    ("Int", "[Int]", False, False),
    ("[Int]", "Int", False, False),
    ("Int!", "[Int!]!", False, False),
    ("[[Int]]", "[Int]", False, False),
    ("Int", "Float", False, False),
    ("Int!", "Float", False, False),
]


@pytest.mark.parametrize(("old", "new", "output_safe", "input_safe"), TYPE_CHANGES)
def test_type_change_safety_depends_on_position(
    old: str, new: str, output_safe: bool, input_safe: bool
) -> None:
    assert is_safe_output_change(_field_type(old), _field_type(new)) is output_safe
    assert is_safe_input_change(_field_type(old), _field_type(new)) is input_safe


@pytest.mark.parametrize(("old", "new", "output_safe", "input_safe"), TYPE_CHANGES)
def test_each_position_classifies_type_changes(
    old: str, new: str, output_safe: bool, input_safe: bool
) -> None:
    def sdl(t: str) -> str:
        return (
            f"type Query {{ f: {t} g(a: {t}): Int }} input In {{ i: {t} }} "
            f"directive @d(a: {t}) on FIELD"
        )

    out = SAFE if output_safe else BREAKING
    into = SAFE if input_safe else BREAKING
    assert only(sdl(old), sdl(new), "FIELD_TYPE_CHANGED").criticality is out
    assert only(sdl(old), sdl(new), "FIELD_ARGUMENT_TYPE_CHANGED").criticality is into
    assert only(sdl(old), sdl(new), "INPUT_FIELD_TYPE_CHANGED").criticality is into
    assert only(sdl(old), sdl(new), "DIRECTIVE_ARGUMENT_TYPE_CHANGED").criticality is into


def test_output_field_made_nullable_is_breaking_and_non_null_is_safe() -> None:
    old, new = "type Query { a: String! b: String }", "type Query { a: String b: String! }"
    changes = {c.coordinate: c for c in diff_sdl(old, new)}
    assert changes["Query.a"].criticality is BREAKING
    assert (
        changes["Query.a"].message == "Type of field 'Query.a' changed from 'String!' to 'String'"
    )
    assert changes["Query.b"].criticality is SAFE


@pytest.mark.parametrize(
    ("argument", "criticality"),
    [
        ("x: Int!", BREAKING),
        ("x: Int! = 1", DANGEROUS),
        ("x: Int", DANGEROUS),
        ("x: Int = 1", DANGEROUS),
    ],
)
def test_argument_added_to_existing_field(argument: str, criticality: Criticality) -> None:
    change = only(
        "type Query { f: Int }", f"type Query {{ f({argument}): Int }}", "FIELD_ARGUMENT_ADDED"
    )
    assert change.criticality is criticality
    assert change.coordinate == "Query.f(x:)"


def test_arguments_of_a_new_field_are_safe() -> None:
    changes = diff_sdl("type Query { f: Int }", "type Query { f: Int g(x: Int!): Int }")
    assert {(c.type, c.criticality) for c in changes} == {
        ("FIELD_ADDED", SAFE),
        ("FIELD_ARGUMENT_ADDED", SAFE),
    }


@pytest.mark.parametrize(
    ("field", "criticality"),
    [
        ("b: Int", SAFE),
        ("b: [Int!]", SAFE),
        ("b: Int!", BREAKING),
        ("b: Int! = 1", DANGEROUS),
        ("b: Int = 1", DANGEROUS),
        ("b: Int = null", DANGEROUS),
    ],
)
def test_input_field_added_to_existing_input(field: str, criticality: Criticality) -> None:
    q = "type Query { q(i: In): Int } "
    change = only(
        q + "input In { a: Int }", q + f"input In {{ a: Int {field} }}", "INPUT_FIELD_ADDED"
    )
    assert change.criticality is criticality


def test_fields_of_a_new_input_are_safe_even_when_required() -> None:
    change = only(
        "type Query { a: Int }", "type Query { a: Int } input In { b: Int! }", "INPUT_FIELD_ADDED"
    )
    assert change.criticality is SAFE


@pytest.mark.parametrize(
    ("argument", "criticality"),
    [("x: Int", SAFE), ("x: Int!", BREAKING), ("x: Int! = 1", SAFE)],
)
def test_argument_added_to_existing_directive(argument: str, criticality: Criticality) -> None:
    q = "type Query { a: Int } "
    change = only(
        q + "directive @d on FIELD",
        q + f"directive @d({argument}) on FIELD",
        "DIRECTIVE_ARGUMENT_ADDED",
    )
    assert (change.criticality, change.coordinate) == (criticality, "@d(x:)")


def test_arguments_of_a_new_directive_are_safe() -> None:
    change = only(
        "type Query { a: Int }",
        "type Query { a: Int } directive @d(x: Int!) on FIELD",
        "DIRECTIVE_ARGUMENT_ADDED",
    )
    assert change.criticality is SAFE


@pytest.mark.parametrize(
    ("old", "grown", "fresh", "kind"),
    [
        ("enum E { X }", "enum E { X Y }", "enum F { X }", "ENUM_VALUE_ADDED"),
        ("union U = A", "union U = A | B", "union V = A", "UNION_MEMBER_ADDED"),
        (
            "type C { b: Int }",
            "type C implements I { b: Int }",
            "type D implements I { b: Int }",
            "OBJECT_TYPE_INTERFACE_ADDED",
        ),
    ],
)
def test_new_possibilities_in_results_are_dangerous_but_safe_on_new_types(
    old: str, grown: str, fresh: str, kind: str
) -> None:
    base = "type Query { a: Int } type A { a: Int } type B { b: Int } interface I { b: Int } "
    assert only(base + old, base + grown, kind).criticality is DANGEROUS
    assert only(base + old, base + old + " " + fresh, kind).criticality is SAFE


def test_removals_are_breaking() -> None:
    old = (
        "type Query { a(x: Int): Int b: U } union U = A | B type A { a: E } "
        "type B implements I { i: Int } interface I { i: Int } enum E { X Y } "
        "input In { f: Int } directive @d(x: Int) on FIELD | QUERY"
    )
    new = (
        "type Query { a: Int b: U } union U = A type A { a: E } type B { i: Int } "
        "enum E { X } input In { g: Int } directive @d on FIELD"
    )
    assert {(c.type, c.criticality) for c in diff_sdl(old, new) if "REMOVED" in c.type} == {
        ("FIELD_ARGUMENT_REMOVED", BREAKING),
        ("UNION_MEMBER_REMOVED", BREAKING),
        ("OBJECT_TYPE_INTERFACE_REMOVED", BREAKING),
        ("ENUM_VALUE_REMOVED", BREAKING),
        ("INPUT_FIELD_REMOVED", BREAKING),
        ("DIRECTIVE_ARGUMENT_REMOVED", BREAKING),
        ("DIRECTIVE_LOCATION_REMOVED", BREAKING),
        ("TYPE_REMOVED", BREAKING),
    }


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("x: In = {a: 1, b: 2}", "x: In = {b: 2, a: 1}"),
        ("x: Float = 1", "x: Float = 1.0"),
        ("x: [Int] = 1", "x: [Int] = [1]"),
        ("x: In = {a: 1}", "x: In = {a: 1, b: 5}"),
    ],
)
def test_defaults_compare_as_values_not_as_text(old: str, new: str) -> None:
    tail = " input In { a: Int b: Int = 5 }"
    assert (
        diff_sdl(f"type Query {{ f({old}): Int }}" + tail, f"type Query {{ f({new}): Int }}" + tail)
        == []
    )


def test_default_value_changes_are_dangerous_and_name_both_values() -> None:
    change = only(
        "type Query { f(x: [Int] = [1, 2]): Int }",
        "type Query { f(x: [Int] = [2]): Int }",
        "FIELD_ARGUMENT_DEFAULT_CHANGED",
    )
    assert change.criticality is DANGEROUS
    assert change.message == "Default value of argument 'Query.f(x:)' changed from [1, 2] to [2]"


def test_changed_nested_input_default_changes_argument_defaults_too() -> None:
    old = "type Query { f(x: In = {a: 1}): Int } input In { a: Int b: Int = 5 }"
    new = old.replace("= 5", "= 6")
    assert {(c.type, c.coordinate) for c in diff_sdl(old, new)} == {
        ("FIELD_ARGUMENT_DEFAULT_CHANGED", "Query.f(x:)"),
        ("INPUT_FIELD_DEFAULT_VALUE_CHANGED", "In.b"),
    }


def test_one_of_applied_is_breaking_and_removed_is_safe() -> None:
    q = "type Query { f(i: In): Int } "
    assert (
        only(
            q + "input In { a: Int }",
            q + "input In @oneOf { a: Int }",
            "DIRECTIVE_USAGE_INPUT_OBJECT_ADDED",
        ).criticality
        is BREAKING
    )
    assert (
        only(
            q + "input In @oneOf { a: Int }",
            q + "input In { a: Int }",
            "DIRECTIVE_USAGE_INPUT_OBJECT_REMOVED",
        ).criticality
        is SAFE
    )


def test_applied_directives_are_dangerous_except_deprecated_and_on_new_elements() -> None:
    old = "type Query { a: Int b: Int }"
    new = 'type Query { a: Int @tag(name: "x") b: Int @deprecated c: Int @tag(name: "y") }'
    usages = {
        c.coordinate: c.criticality
        for c in diff_sdl(old, new)
        if c.type == "DIRECTIVE_USAGE_FIELD_DEFINITION_ADDED"
    }
    assert usages == {"Query.a": DANGEROUS, "Query.b": SAFE, "Query.c": SAFE}


def test_changed_directive_argument_is_a_dangerous_removal_and_a_safe_addition() -> None:
    old = 'type Query { a: Int } type T @key(fields: "id") { id: ID upc: ID }'
    changes = diff_sdl(old, old.replace('"id")', '"upc")'))
    assert [(c.type, c.criticality, c.coordinate) for c in changes] == [
        ("DIRECTIVE_USAGE_ARGUMENT_ADDED", SAFE, "T"),
        ("DIRECTIVE_USAGE_ARGUMENT_REMOVED", DANGEROUS, "T"),
    ]
    assert 'fields: "upc"' in changes[0].message
    assert 'fields: "id"' in changes[0].message


def test_root_types_set_are_safe_and_changed_are_breaking_at_the_old_root() -> None:
    old = "type Query { a: Int } type M { m: Int } type N { n: Int }"
    added = only(old, "schema { query: Query mutation: M } " + old, "SCHEMA_MUTATION_TYPE_CHANGED")
    assert (added.criticality, added.coordinate) == (SAFE, "M")
    changed = only(
        "schema { query: Query mutation: M } " + old,
        "schema { query: Query mutation: N } " + old,
        "SCHEMA_MUTATION_TYPE_CHANGED",
    )
    assert (changed.criticality, changed.coordinate) == (BREAKING, "M")


def test_kind_change_is_breaking_and_reports_nothing_inside() -> None:
    changes = diff_sdl(
        "type Query { a: T } type T { a: Int }", "type Query { a: T } interface T { b: Int }"
    )
    assert [(c.type, c.criticality, c.message) for c in changes] == [
        ("TYPE_KIND_CHANGED", BREAKING, "'T' changed from object type to interface"),
    ]
