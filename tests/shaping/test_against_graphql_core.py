"""graphql-core's executor as an oracle: shaping must give the same data and error paths.

graphql-core runs over the merged JSON with a resolver that reads response keys, which is the
slow path the gateway avoids; here it only checks that the fast walk agrees with the spec.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfo, OperationDefinitionNode, execute_sync, parse
from hypothesis import given, settings
from hypothesis import strategies as st

from .schema import SCHEMA, shape

QUERY = """
query($withNick: Boolean!) {
  me { id name nick @include(if: $withNick) friends { id n: name } best { name } }
  users { id name }
  maybeUsers { id ...Names }
  search { __typename ... on User { name } ... on Book { title } }
  node { id ... on Book { title } }
  matrix
  tags
  mood
}
fragment Names on User { name nick }
"""


def _read(source: Any, info: GraphQLResolveInfo, **_args: Any) -> Any:
    return source.get(info.path.key) if isinstance(source, dict) else None


def _typename(value: Any, _info: GraphQLResolveInfo, _type: Any) -> Any:
    return value.get("__typename") if isinstance(value, dict) else None


def oracle(query: str, data: dict[str, Any], variables: dict[str, Any]) -> tuple[Any, list[Any]]:
    document = parse(query)
    assert isinstance(document.definitions[0], OperationDefinitionNode)
    result = execute_sync(
        SCHEMA,
        document,
        root_value=data,
        variable_values=variables,
        field_resolver=_read,
        type_resolver=_typename,
    )
    return result.data, sorted(error.path for error in result.errors or () if error.path)


def nullable(values: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(values, st.none())


ids = st.sampled_from(["1", "2", "3"])
names = nullable(st.sampled_from(["Ada", "Grace"]))
users = st.fixed_dictionaries(
    {"__typename": st.just("User"), "id": nullable(ids), "name": names, "nick": names}
)
friends = st.fixed_dictionaries(
    {
        "__typename": st.just("User"),
        "id": nullable(ids),
        "n": names,
        "name": names,
        "nick": names,
    }
)
me = st.fixed_dictionaries(
    {
        "id": nullable(ids),
        "name": names,
        "nick": names,
        "friends": nullable(st.lists(nullable(friends), max_size=3)),
        "best": nullable(st.fixed_dictionaries({"name": names})),
    }
)
books = st.fixed_dictionaries(
    {"__typename": st.just("Book"), "id": nullable(ids), "title": nullable(st.just("T"))}
)
root = st.fixed_dictionaries(
    {},
    optional={
        "me": nullable(me),
        "users": nullable(st.lists(nullable(users), max_size=3)),
        "maybeUsers": nullable(st.lists(nullable(users), max_size=3)),
        "search": nullable(st.lists(nullable(st.one_of(users, books)), max_size=3)),
        "node": nullable(st.one_of(users, books)),
        "matrix": nullable(st.lists(nullable(st.lists(nullable(st.integers(0, 9)), max_size=2)))),
        "tags": nullable(st.lists(nullable(st.sampled_from(["a", "b"])), max_size=3)),
        "mood": nullable(st.sampled_from(["CALM", "ANGRY"])),
    },
)


@settings(max_examples=300, deadline=None)
@given(data=root, with_nick=st.booleans())
def test_shaping_matches_graphql_core(data: dict[str, Any], with_nick: bool) -> None:
    variables = {"withNick": with_nick}
    expected_data, expected_paths = oracle(QUERY, data, variables)
    actual_data, errors = shape(QUERY, data, variables=variables)
    assert actual_data == expected_data
    assert sorted(error["path"] for error in errors) == expected_paths


def test_oracle_detects_a_difference() -> None:
    # The comparison above can fail: a non-null violation changes data and adds an error path.
    data = {"me": {"id": "1", "name": None}}
    assert oracle("{ me { id name } }", data, {}) == ({"me": None}, [["me", "name"]])
    assert shape("{ me { id name } }", data)[0] == {"me": None}
