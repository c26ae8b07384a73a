"""What `diff_sdl` accepts (subgraph SDL as written, Federation 1 extensions), how it refuses
input it cannot build, and the order and JSON of what it returns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from registry.changes import (
    Change,
    Criticality,
    InvalidSchemaError,
    build_sdl,
    changes_json,
    diff_schemas,
    diff_sdl,
)

ROOT = Path(__file__).resolve().parents[3]


def test_federation_directives_need_no_definitions() -> None:
    old = (
        'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"]) '
        'type Query { p: Product } type Product @key(fields: "id") { id: ID! }'
    )
    new = old.replace('"id")', '"id") @shareable').replace("id: ID!", "id: ID! name: String")
    assert {(c.type, c.coordinate) for c in diff_sdl(old, new)} == {
        ("DIRECTIVE_USAGE_OBJECT_ADDED", "Product"),
        ("FIELD_ADDED", "Product.name"),
    }


def test_project_subgraph_schemas_build() -> None:
    for path in sorted((ROOT / "schema" / "subgraphs").glob("*.graphql")):
        sdl = path.read_text()
        assert diff_sdl(sdl, sdl) == [], path.name


def test_a_type_known_only_by_its_extension_is_read_as_defined() -> None:
    old = 'type Query { me: User } extend type User @key(fields: "id") { id: ID! @external }'
    new = (
        'type Query { me: User } extend type User @key(fields: "id") '
        "{ id: ID! @external reviews: [String] }"
    )
    assert [(c.type, c.coordinate) for c in diff_sdl(old, new)] == [("FIELD_ADDED", "User.reviews")]


def test_an_extension_of_a_query_type_without_definition() -> None:
    changes = diff_sdl("extend type Query { a: Int }", "extend type Query { a: Int b: Int }")
    assert [(c.type, c.coordinate) for c in changes] == [("FIELD_ADDED", "Query.b")]


def test_directives_on_type_extensions_are_compared() -> None:
    old = 'type Query { p: P } type P { id: ID } extend type P @key(fields: "id")'
    new = 'type Query { p: P } type P { id: ID } extend type P @key(fields: "id") @shareable'
    (change,) = diff_sdl(old, new)
    assert (change.type, change.criticality, change.coordinate) == (
        "DIRECTIVE_USAGE_OBJECT_ADDED",
        Criticality.DANGEROUS,
        "P",
    )
    assert "@shareable" in change.message


@pytest.mark.parametrize(
    ("old", "new", "side"),
    [("type Query {", "type Query { a: Int }", "old"), ("type Query { a: Int }", "}{", "new")],
)
def test_unparsable_sdl_names_its_side(old: str, new: str, side: str) -> None:
    with pytest.raises(InvalidSchemaError) as raised:
        diff_sdl(old, new)
    assert raised.value.side == side
    assert str(raised.value).startswith(f"{side} schema: Syntax Error")


def test_a_reference_to_an_unknown_type_is_refused() -> None:
    with pytest.raises(InvalidSchemaError, match=r"^new schema: .*Unknown type: 'Missing'"):
        diff_sdl("type Query { a: Int }", "type Query { a: Missing }")


def test_order_is_by_coordinate_then_type_whatever_the_sdl_order() -> None:
    old = "type Query { b: Int a: Int } enum E { X } directive @d on FIELD"
    new = "enum E { X Y Z } type Query { c: Int b: String } directive @d(x: Int) on FIELD"
    shuffled = "directive @d(x: Int) on FIELD type Query { b: String c: Int } enum E { Z Y X }"
    changes = diff_sdl(old, new)
    assert changes == diff_sdl(old, shuffled)
    assert [(c.coordinate, c.type) for c in changes] == [
        ("@d(x:)", "DIRECTIVE_ARGUMENT_ADDED"),
        ("E.Y", "ENUM_VALUE_ADDED"),
        ("E.Z", "ENUM_VALUE_ADDED"),
        ("Query.a", "FIELD_REMOVED"),
        ("Query.b", "FIELD_TYPE_CHANGED"),
        ("Query.c", "FIELD_ADDED"),
    ]


def test_diff_schemas_takes_built_schemas() -> None:
    old, new = "type Query { a: Int }", "type Query { a: Int! }"
    assert diff_schemas(build_sdl(old), build_sdl(new)) == diff_sdl(old, new)


def test_changes_json_has_exactly_the_printed_fields() -> None:
    changes = diff_sdl("type Query { a: Int b: Int }", "type Query { a: String }")
    printed = json.loads(json.dumps(changes_json(changes)))
    assert printed == {
        "changes": [
            {
                "type": "FIELD_TYPE_CHANGED",
                "criticality": "BREAKING",
                "coordinate": "Query.a",
                "message": "Type of field 'Query.a' changed from 'Int' to 'String'",
            },
            {
                "type": "FIELD_REMOVED",
                "criticality": "BREAKING",
                "coordinate": "Query.b",
                "message": "Field 'Query.b' of type 'Int' was removed from object type 'Query'",
            },
        ]
    }


def test_breaking_and_dangerous_changes_say_why() -> None:
    old = "type Query { a: Int e: E } enum E { X }"
    new = "type Query { e: E } enum E { X Y }"
    for change in diff_sdl(old, new):
        assert change.reason, change
    assert (
        Change(type="X", criticality=Criticality.SAFE, coordinate="T", message="T").reason is None
    )
