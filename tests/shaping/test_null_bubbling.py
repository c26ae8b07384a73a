"""Null bubbling per the GraphQL spec: to the nearest nullable parent, one error at the field."""

from .schema import shape


def test_null_non_null_field_nulls_nullable_parent_with_error_at_field_path() -> None:
    result, errors = shape("{ me { id name } }", {"me": {"id": "1", "name": None}})
    assert result == {"me": None}
    assert errors == [
        {"message": "Cannot return null for non-nullable field User.name.", "path": ["me", "name"]}
    ]


def test_null_bubbles_through_non_null_parents_to_data() -> None:
    result, errors = shape('{ user(id: "1") { best { name } } }', {"user": {"best": {}}})
    assert result is None
    assert errors[0]["path"] == ["user", "best", "name"]


def test_null_item_in_non_null_list_nulls_nullable_list() -> None:
    data = {"me": {"friends": [{"name": "a"}, {"name": None}]}}
    result, errors = shape("{ me { friends { name } } }", data)
    assert result == {"me": {"friends": None}}
    assert errors[0]["path"] == ["me", "friends", 1, "name"]


def test_null_item_in_nullable_item_list_nulls_only_the_item() -> None:
    data = {"maybeUsers": [{"name": "a"}, {"name": None}]}
    result, errors = shape("{ maybeUsers { name } }", data)
    assert result == {"maybeUsers": [{"name": "a"}, None]}
    assert errors[0]["path"] == ["maybeUsers", 1, "name"]


def test_null_scalar_item_in_non_null_item_list() -> None:
    result, errors = shape("{ tags matrix }", {"tags": ["a", None], "matrix": [[1, None], [2]]})
    assert result == {"tags": None, "matrix": [None, [2]]}
    assert [e["path"] for e in errors] == [["tags", 1], ["matrix", 0, 1]]


def test_null_in_non_null_root_list_nulls_data() -> None:
    result, errors = shape("{ users { id } }", {"users": [{"id": None}]})
    assert result is None
    assert errors[0]["path"] == ["users", 0, "id"]


def test_existing_error_at_or_above_the_path_suppresses_the_null_error() -> None:
    upstream = [{"message": "failed", "path": ["me"], "extensions": {"serviceName": "a"}}]
    result, errors = shape("{ me { name } }", {"me": {}}, errors=upstream)
    assert result == {"me": None}
    assert errors == upstream


def test_existing_error_at_the_field_suppresses_the_null_error() -> None:
    upstream = [{"message": "failed", "path": ["me", "name"]}]
    result, errors = shape("{ me { name } }", {"me": {"name": None}}, errors=upstream)
    assert result == {"me": None}
    assert errors == upstream


def test_unrelated_error_does_not_suppress_the_null_error() -> None:
    upstream = [{"message": "other", "path": ["maybeUsers"]}]
    _, errors = shape("{ me { name } maybeUsers { id } }", {"me": {"name": None}}, errors=upstream)
    assert [e["path"] for e in errors] == [["maybeUsers"], ["me", "name"]]


def test_missing_root_data_nulls_everything_non_null() -> None:
    result, errors = shape("{ me { id } users { id } }", None)
    assert result is None
    assert errors[0]["path"] == ["users"]
