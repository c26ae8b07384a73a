"""Values a subgraph returns that the API schema does not show never reach the client."""

from .schema import shape


def test_enum_value_missing_from_api_schema_becomes_null_with_error() -> None:
    result, errors = shape("{ mood }", {"mood": "SECRET"})
    assert result == {"mood": None}
    [error] = errors
    assert error["path"] == ["mood"]
    assert "SECRET" not in error["message"]


def test_known_enum_value_is_kept() -> None:
    result, errors = shape("{ mood moods }", {"mood": "CALM", "moods": ["ANGRY", "CALM"]})
    assert result == {"mood": "CALM", "moods": ["ANGRY", "CALM"]}
    assert errors == []


def test_hidden_enum_value_in_non_null_list_nulls_the_list() -> None:
    result, errors = shape("{ moods }", {"moods": ["CALM", "SECRET"]})
    assert result == {"moods": None}
    assert [e["path"] for e in errors] == [["moods", 1]]


def test_hidden_enum_value_in_non_null_field_bubbles() -> None:
    result, errors = shape("{ strictMood me { id } }", {"strictMood": "SECRET", "me": {"id": "1"}})
    assert result is None
    assert errors[0]["path"] == ["strictMood"]


def test_object_of_a_type_missing_from_api_schema_becomes_null() -> None:
    data = {"node": {"__typename": "Ghost", "id": "g"}}
    result, errors = shape("{ node { __typename id } }", data)
    assert result == {"node": None}
    [error] = errors
    assert error["path"] == ["node"]
    assert "Ghost" not in error["message"]


def test_hidden_type_in_non_null_list_item_nulls_the_list() -> None:
    data = {"search": [{"__typename": "User", "id": "1"}, {"__typename": "Ghost"}]}
    result, errors = shape("{ search { __typename } }", data)
    assert result is None  # search is [SearchResult!]! on Query: bubbles to data
    assert errors[0]["path"] == ["search", 1]


def test_abstract_typename_from_interface_object_uses_common_fields() -> None:
    data = {"node": {"__typename": "Node", "id": "n"}}
    result, errors = shape("{ node { id ... on User { name } } }", data)
    assert result == {"node": {"id": "n"}}
    assert errors == []
