"""Shaping merged JSON into the client's response."""

import orjson

from .schema import shape


def test_fields_come_in_requested_order_and_extras_are_dropped() -> None:
    data = {"me": {"nick": "n", "__typename": "User", "id": "1", "name": "x", "_internal": 1}}
    result, errors = shape("{ me { name id nick } }", data)
    assert orjson.dumps(result) == b'{"me":{"name":"x","id":"1","nick":"n"}}'
    assert errors == []


def test_aliases_are_response_keys() -> None:
    data = {"a": {"first": "x"}, "b": {"first": "y"}}
    result, _ = shape("{ a: me { first: name } b: me { first: name } }", data)
    assert result == {"a": {"first": "x"}, "b": {"first": "y"}}


def test_typename_of_object_type_is_static() -> None:
    result, _ = shape("{ __typename me { __typename t: __typename } }", {"me": {}})
    assert result == {"__typename": "Query", "me": {"__typename": "User", "t": "User"}}


def test_typename_of_abstract_type_comes_from_fetched_typename() -> None:
    data = {"node": {"__typename": "Book", "id": "b"}}
    result, _ = shape("{ node { __typename id } }", data)
    assert result == {"node": {"__typename": "Book", "id": "b"}}


def test_fragments_on_abstract_types_are_resolved_by_typename() -> None:
    query = """
    { search { __typename ...U ... on Book { title } } }
    fragment U on User { name }
    """
    data = {
        "search": [
            {"__typename": "User", "name": "u", "title": "never"},
            {"__typename": "Book", "title": "t", "name": "never"},
        ]
    }
    result, _ = shape(query, data)
    assert result == {
        "search": [{"__typename": "User", "name": "u"}, {"__typename": "Book", "title": "t"}]
    }


def test_interface_fragment_applies_to_implementing_types() -> None:
    query = "{ search { ... on Node { id } ... on User { name } } }"
    data = {
        "search": [
            {"__typename": "User", "id": "1", "name": "u"},
            {"__typename": "Book", "id": "2"},
        ]
    }
    result, _ = shape(query, data)
    assert result == {"search": [{"id": "1", "name": "u"}, {"id": "2"}]}


def test_fields_merged_from_several_fragments_keep_first_position() -> None:
    query = "{ me { name ... on User { id name best { id } } best { name } } }"
    data = {"me": {"name": "n", "id": "1", "best": {"id": "2", "name": "b"}}}
    result, _ = shape(query, data)
    assert orjson.dumps(result) == b'{"me":{"name":"n","id":"1","best":{"id":"2","name":"b"}}}'


def test_skip_and_include_follow_variables() -> None:
    query = """
    query($skipName: Boolean!, $withNick: Boolean!) {
      me { name @skip(if: $skipName) nick @include(if: $withNick) id @include(if: true) }
    }
    """
    data = {"me": {"name": "n", "nick": "k", "id": "1"}}
    result, _ = shape(query, data, variables={"skipName": True, "withNick": True})
    assert result == {"me": {"nick": "k", "id": "1"}}
    result, _ = shape(query, data, variables={"skipName": False, "withNick": False})
    assert result == {"me": {"name": "n", "id": "1"}}


def test_skip_on_fragment_spread_and_inline_fragment() -> None:
    query = """
    query($s: Boolean!) { me { ...F @skip(if: $s) ... @include(if: $s) { nick } } }
    fragment F on User { name }
    """
    data = {"me": {"name": "n", "nick": "k"}}
    assert shape(query, data, variables={"s": True})[0] == {"me": {"nick": "k"}}
    assert shape(query, data, variables={"s": False})[0] == {"me": {"name": "n"}}


def test_nested_lists_are_shaped_item_by_item() -> None:
    data = {"matrix": [[1, 2], None, []], "tags": ["a"]}
    result, errors = shape("{ matrix tags }", data)
    assert result == data
    assert errors == []


def test_leaf_values_are_copied_as_serialised() -> None:
    data = {"me": {"name": "x", "id": 12}}
    assert shape("{ me { name id } }", data)[0] == {"me": {"name": "x", "id": 12}}


def test_missing_nullable_field_is_null() -> None:
    result, errors = shape("{ me { nick } maybeUsers { id } }", {"me": {}})
    assert result == {"me": {"nick": None}, "maybeUsers": None}
    assert errors == []


def test_object_where_a_list_was_expected_is_null() -> None:
    result, _ = shape("{ maybeUsers { id } }", {"maybeUsers": {"id": "1"}})
    assert result == {"maybeUsers": None}
