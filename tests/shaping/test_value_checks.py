"""Every value taken from a subgraph is checked against its field's type, on both paths."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from graphql import FragmentDefinitionNode, OperationDefinitionNode, parse

from gateway.shaping import RESPONSE_VALIDATION_FAILED, compile_shape
from gateway.shaping.fast import Miss, fast_shaper

from .schema import SCHEMA, shape


def fast(query: str, data: dict[str, Any]) -> Any:
    document = parse(query)
    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    return fast_shaper(compile_shape(SCHEMA, operation, fragments, {}))(data)


def shop(path: Sequence[str | int]) -> str | None:
    return "shop"


def test_root_list_answered_with_a_string_is_null_with_an_error() -> None:
    result, errors = shape("{ maybeUsers { id } }", {"maybeUsers": "oops"}, service_at=shop)
    assert result == {"maybeUsers": None}
    assert errors == [
        {
            "message": "Subgraph 'shop' returned an invalid value for Query.maybeUsers: "
            "expected [User], got a string.",
            "path": ["maybeUsers"],
            "extensions": {"code": RESPONSE_VALIDATION_FAILED, "serviceName": "shop"},
        }
    ]


def test_invalid_value_in_non_null_position_bubbles_with_one_error() -> None:
    result, errors = shape("{ users { id } me { id } }", {"users": {"id": "1"}, "me": None})
    assert result is None
    [error] = errors  # no "Cannot return null" under the value's own error
    assert error["path"] == ["users"]
    assert error["extensions"] == {"code": RESPONSE_VALIDATION_FAILED}
    assert "expected [User!]!, got an object" in error["message"]
    assert error["message"].startswith("A subgraph returned")  # no service known


@pytest.mark.parametrize("value", ["x", 3, True, ["a"]])
def test_object_answered_with_something_else_is_null_with_an_error(value: Any) -> None:
    result, errors = shape("{ me { id } }", {"me": value}, service_at=shop)
    assert result == {"me": None}
    [error] = errors
    assert error["path"] == ["me"]
    assert error["extensions"] == {"code": RESPONSE_VALIDATION_FAILED, "serviceName": "shop"}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("count", "1"),
        ("count", 1.5),
        ("count", 1.0),
        ("count", True),
        ("count", 2**31),
        ("count", -(2**31) - 1),
        ("count", [1]),
        ("ratio", "1.5"),
        ("ratio", False),
        ("ratio", {"x": 1}),
        ("title", 1),
        ("title", True),
        ("title", ["a"]),
        ("title", {"a": "b"}),
        ("flag", 0),
        ("flag", "true"),
        ("key", 1.5),
        ("key", False),
        ("key", ["1"]),
        ("mood", 1),
    ],
)
def test_leaf_of_the_wrong_type_is_null_with_an_error(field: str, value: Any) -> None:
    query = f"{{ {field} me {{ id }} }}"
    data = {field: value, "me": {"id": "1"}}
    result, errors = shape(query, data, service_at=shop)
    assert result == {field: None, "me": {"id": "1"}}
    [error] = errors
    assert error["path"] == [field]
    assert error["extensions"] == {"code": RESPONSE_VALIDATION_FAILED, "serviceName": "shop"}
    with pytest.raises(Miss):
        fast(query, data)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("count", 2**31 - 1),
        ("count", -(2**31)),
        ("count", 2**30 + 5),  # past the generated code's quick test, within 32 bits
        ("count", 0),
        ("ratio", 1),
        ("ratio", 1.5),
        ("ratio", -(2**40)),
        ("title", ""),
        ("flag", False),
        ("key", "k"),
        ("key", 2**40),  # an ID may be any integer, passed on as sent
        ("blob", {"any": ["json", 1, None, True]}),
        ("blob", "text"),
        ("blobs", [1, "a", {"b": []}]),
    ],
)
def test_leaf_of_the_right_type_is_kept_on_the_fast_path(field: str, value: Any) -> None:
    query = f"{{ {field} }}"
    assert shape(query, {field: value}) == ({field: value}, [])
    assert fast(query, {field: value}) == {field: value}


class Text(str):
    """A str subclass: not what JSON decodes to, but a string all the same."""


def test_subclasses_of_the_scalar_types_are_kept_without_a_miss() -> None:
    data = {"title": Text("t"), "ids": [Text("1"), 2]}
    assert fast("{ title ids }", data) == data
    assert shape("{ title ids }", data) == (data, [])


def test_list_item_of_the_wrong_type_nulls_the_nearest_nullable_position() -> None:
    data = {"ids": ["1", 2, 2.5], "flags": [True, "no", None], "tags": ["a", 1]}
    result, errors = shape("{ ids flags tags }", data, service_at=shop)
    assert result == {"ids": None, "flags": [True, None, None], "tags": None}
    assert [e["path"] for e in errors] == [["ids", 2], ["flags", 1], ["tags", 1]]
    assert all(e["extensions"]["code"] == RESPONSE_VALIDATION_FAILED for e in errors)
    assert "expected ID!, got a number" in errors[0]["message"]
    with pytest.raises(Miss):
        fast("{ ids }", {"ids": ["1", 2.5]})
    with pytest.raises(Miss):
        fast("{ flags }", {"flags": [True, "no"]})


def test_list_level_answered_with_a_scalar() -> None:
    result, errors = shape("{ matrix }", {"matrix": [[1], 2]}, service_at=shop)
    assert result == {"matrix": [[1], None]}
    [error] = errors
    assert error["path"] == ["matrix", 1]
    assert "expected [Int!], got an integer" in error["message"]
    with pytest.raises(Miss):
        fast("{ tags }", {"tags": "a"})


def test_list_item_that_is_not_an_object() -> None:
    result, errors = shape("{ maybeUsers { id } }", {"maybeUsers": [{"id": "1"}, "u2"]})
    assert result == {"maybeUsers": [{"id": "1"}, None]}
    assert [e["path"] for e in errors] == [["maybeUsers", 1]]
    with pytest.raises(Miss):
        fast("{ maybeUsers { id } }", {"maybeUsers": [{"id": "1"}, "u2"]})


def test_nested_invalid_value_is_located_at_its_path() -> None:
    data = {"me": {"friends": [{"id": "1", "name": "a"}, {"id": "2", "name": 7}]}}
    result, errors = shape("{ me { friends { id name } } }", data, service_at=shop)
    assert result == {"me": {"friends": None}}  # [User!]: the item nulls the list
    [error] = errors
    assert error["path"] == ["me", "friends", 1, "name"]
    assert error["message"] == (
        "Subgraph 'shop' returned an invalid value for User.name: expected String!, got an integer."
    )


def test_the_service_is_asked_for_the_path_of_the_invalid_value() -> None:
    asked: list[tuple[str | int, ...]] = []

    def service_at(path: Sequence[str | int]) -> str | None:
        asked.append(tuple(path))
        return "reviews"

    data = {"users": [{"id": "1", "nick": 3}]}
    _, errors = shape("{ users { id nick } }", data, service_at=service_at)
    assert asked == [("users", 0, "nick")]
    assert errors[0]["extensions"]["serviceName"] == "reviews"


def test_values_are_never_echoed() -> None:
    _, errors = shape("{ title count }", {"title": 12345678, "count": "s3cr3t"})
    assert "12345678" not in repr(errors)
    assert "s3cr3t" not in repr(errors)


def test_hidden_enum_value_error_has_a_code_and_the_service() -> None:
    result, errors = shape("{ mood }", {"mood": "SECRET"}, service_at=shop)
    assert result == {"mood": None}
    assert errors == [
        {
            "message": 'Enum "Mood" cannot represent the value of Query.mood.',
            "path": ["mood"],
            "extensions": {"code": RESPONSE_VALIDATION_FAILED, "serviceName": "shop"},
        }
    ]


def test_hidden_type_error_has_a_code_and_the_service() -> None:
    _, errors = shape("{ node { id } }", {"node": {"__typename": "Ghost"}}, service_at=shop)
    assert errors[0]["extensions"] == {"code": RESPONSE_VALIDATION_FAILED, "serviceName": "shop"}


def test_an_error_written_after_a_violation_still_covers_its_own_null() -> None:
    # The first violation builds the walk's index of error paths; errors the walk writes later
    # must join it, or their null would get a second, "Cannot return null" error.
    data = {"maybeUsers": [{"name": None}], "strictMood": "SECRET", "rank": "1"}
    result, errors = shape("{ maybeUsers { name } strictMood }", data)
    assert result is None
    assert [e["path"] for e in errors] == [["maybeUsers", 0, "name"], ["strictMood"]]
    _, errors = shape("{ maybeUsers { name } rank }", data)
    assert [e["path"] for e in errors] == [["maybeUsers", 0, "name"], ["rank"]]
