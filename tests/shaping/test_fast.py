"""The generated fast path agrees with the walker, and hands over to it whenever errors arise."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import orjson
import pytest
from graphql import FragmentDefinitionNode, OperationDefinitionNode, get_named_type, parse
from hypothesis import given, settings
from hypothesis import strategies as st

from gateway.shaping import FieldKind, FieldShape, ObjectShape, compile_shape
from gateway.shaping.fast import Miss, fast_shaper
from gateway.shaping.project import shape_response, walk_response

from .schema import SCHEMA

QUERIES = [
    "{ me { id name nick __typename } }",
    "{ user(id: 1) { name best { id name } friends { id nick } } }",
    "{ users { id name friends { name } } maybeUsers { id nick } }",
    "{ search { __typename ... on User { name nick } ... on Book { title id } } }",
    "{ node { __typename id ... on Book { title } } }",
    "{ matrix tags mood moods strictMood }",
    "{ a: me { b: name c: __typename } d: node { e: id } }",
    '{ __typename a: __type(name: "User") { name } me { id } }',  # introspection: copied whole
    # Deeper than the generator builds in line: calls and in-line code meet.
    "{ users { id friends { nick friends { best { friends { id nick best { id } } } } } } }",
    "{ me { best { best { best { best { best { name } } } } } } "
    "search { ... on User { best { best { best { best { nick } } } } } } }",
    # Every built-in scalar, a custom one, lists of them, and scalars inside objects and lists.
    "{ count ratio flag title key rank ids flags blob blobs tags matrix }",
    "{ me { age score active friends { age score active best { score } } } users { age } }",
]


def compiled(query: str) -> ObjectShape:
    document = parse(query)
    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    return compile_shape(SCHEMA, operation, fragments, {})


SHAPES = [compiled(query) for query in QUERIES]

scalars = st.one_of(
    st.none(),
    st.integers(-3, 3),
    st.sampled_from(["CALM", "ANGRY", "HIDDEN", "x", ""]),
    # Values of the wrong type for some fields: booleans, numbers, Ints past 30 and 32 bits.
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([2**30 - 1, 2**30, 2**31 - 1, 2**31, -(2**31), -(2**31) - 1, 2**53]),
)
typenames = st.sampled_from(["User", "Book", "Node", "SearchResult", "Secret", "", None])
keys = st.sampled_from(
    ["id", "name", "nick", "title", "friends", "best", "__typename", "me", "user", "users",
     "maybeUsers", "search", "node", "matrix", "tags", "mood", "moods", "strictMood", "a", "b",
     "c", "d", "e", "count", "ratio", "flag", "title", "key", "rank", "ids", "flags", "blob",
     "blobs", "age", "score", "active"]
)  # fmt: skip


def _objects(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    plain = st.dictionaries(keys, children, max_size=8)
    typed = st.builds(lambda d, t: {**d, "__typename": t}, plain, typenames)
    return st.one_of(plain, typed, st.lists(children, max_size=4))


values = st.recursive(scalars, _objects, max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(index=st.integers(0, len(SHAPES) - 1), data=st.dictionaries(keys, values, max_size=8))
def test_fast_path_and_walker_agree_on_any_data(index: int, data: dict[str, Any]) -> None:
    shape = SHAPES[index]
    errors: list[dict[str, Any]] = []
    expected = walk_response(data, shape, errors)
    try:
        fast = fast_shaper(shape)(data)
    except Miss:
        assert errors, "the fast path gave up on a response the walker shaped without errors"
        return
    assert errors == [], "the fast path answered a response that needs errors"
    assert orjson.dumps(fast) == orjson.dumps(expected)  # same keys, same order, same values


@settings(max_examples=200, deadline=None)
@given(index=st.integers(0, len(SHAPES) - 1), data=st.dictionaries(keys, values, max_size=8))
def test_shape_response_equals_the_walker_with_errors_too(index: int, data: dict[str, Any]) -> None:
    shape = SHAPES[index]
    walked: list[dict[str, Any]] = [{"message": "earlier", "path": ["me"]}]
    shaped: list[dict[str, Any]] = [{"message": "earlier", "path": ["me"]}]
    assert orjson.dumps(shape_response(data, shape, shaped)) == orjson.dumps(
        walk_response(data, shape, walked)
    )
    assert shaped == walked


def test_clean_nested_response_takes_the_fast_path() -> None:
    shape = compiled("{ users { id name friends { name } } }")
    data = {"users": [{"id": "1", "name": "a", "friends": [{"name": "b", "x": 1}], "y": 2}]}
    assert fast_shaper(shape)(data) == {
        "users": [{"id": "1", "name": "a", "friends": [{"name": "b"}]}]
    }


@pytest.mark.parametrize(
    ("query", "data"),
    [
        ("{ users { id } }", {"users": [{"id": None}]}),  # null in a non-null position
        ("{ mood }", {"mood": "HIDDEN"}),  # an enum value the schema does not show
        ("{ node { id } }", {"node": {"__typename": "Secret", "id": "1"}}),  # hidden type
    ],
)
def test_responses_needing_errors_miss_the_fast_path(query: str, data: dict[str, Any]) -> None:
    with pytest.raises(Miss):
        fast_shaper(compiled(query))(data)


def test_odd_response_keys_are_literals_not_code() -> None:
    shape = compiled("{ __class__: me { id } x: me { y: name } }")
    data = {"__class__": {"id": "1"}, "x": {"y": "n"}}
    assert fast_shaper(shape)(data) == {"__class__": {"id": "1"}, "x": {"y": "n"}}


def test_the_generated_function_is_made_once_per_shape() -> None:
    shape = compiled("{ me { id } }")
    assert fast_shaper(shape) is fast_shaper(shape)


class Mapping(dict[str, Any]):
    """Not what decoded JSON holds, but a dict all the same: both paths must shape it."""


def test_dict_subclasses_are_shaped_like_dicts() -> None:
    shape = compiled("{ me { id best { id } } users { id } }")
    data = {"me": Mapping(id="1", best=Mapping(id="2")), "users": [Mapping(id="3")]}
    walked: list[dict[str, Any]] = []
    shaped: list[dict[str, Any]] = []
    expected = {"me": {"id": "1", "best": {"id": "2"}}, "users": [{"id": "3"}]}
    assert walk_response(data, shape, walked) == expected
    assert shape_response(data, shape, shaped) == expected
    assert shaped == walked == []


def test_a_dict_whose_missing_keys_answer_still_reads_them_as_null() -> None:
    # `defaultdict.__missing__` must not answer for a key: both paths read with `get`.
    shape = compiled("{ me { id nick best { id } } users { id nick } }")
    data = {
        "me": defaultdict(lambda: "made up", id="1", best=defaultdict(str, id="2")),
        "users": [defaultdict(lambda: "made up", id="3")],
    }
    walked: list[dict[str, Any]] = []
    shaped: list[dict[str, Any]] = []
    expected = {
        "me": {"id": "1", "nick": None, "best": {"id": "2"}},
        "users": [{"id": "3", "nick": None}],
    }
    assert walk_response(data, shape, walked) == expected
    assert shape_response(data, shape, shaped) == expected
    assert shaped == walked == []


def test_missing_keys_of_plain_dicts_read_as_null_on_the_fast_path() -> None:
    shape = compiled("{ me { id nick name } users { nick id } }")
    data = {"me": {"id": "1", "name": "n"}, "users": [{"id": "2"}, {"id": "3", "nick": "x"}]}
    assert fast_shaper(shape)(data) == {
        "me": {"id": "1", "nick": None, "name": "n"},
        "users": [{"nick": None, "id": "2"}, {"nick": "x", "id": "3"}],
    }


ODD_KEYS = ['a"b', "c'd", "e\\f", "g\nh", "}), __import__('os')#", "__class__", "__builtins__"]


def test_keys_needing_escaping_are_repr_literals() -> None:
    # Not keys GraphQL can write, but the generator must not depend on that.
    leaves = tuple(
        FieldShape(key=key, name="nick", parent_type="User", kind=FieldKind.LEAF, non_null=(False,))
        for key in ODD_KEYS
    )
    inner = ObjectShape(type_name="User", abstract=False, fields=leaves, by_type={})
    outer = FieldShape(
        key="src",
        name="me",
        parent_type="Query",
        kind=FieldKind.COMPOSITE,
        non_null=(True, False),
        sub=inner,
    )
    root = ObjectShape(type_name="Query", abstract=False, fields=(outer,), by_type={})
    full = {key: f"value of {key}" for key in ODD_KEYS}
    partial = dict.fromkeys(ODD_KEYS[::2], 1)
    data = {"src": [full, partial, None]}
    walked: list[dict[str, Any]] = []
    expected = walk_response(data, root, walked)
    assert fast_shaper(root)(data) == expected
    assert expected == {"src": [full, {key: partial.get(key) for key in ODD_KEYS}, None]}
    assert walked == []


def test_deep_selections_read_missing_keys_as_null_at_every_level() -> None:
    shape = compiled("{ me " + "{ id best " * 5 + "{ id nick }" + " }" * 5 + " }")
    full: dict[str, Any] = {"id": "6", "nick": "n"}
    for level in range(5, 0, -1):
        full = {"id": str(level), "best": full}
    data = {"me": full}
    expected = walk_response(data, shape, [])
    assert fast_shaper(shape)(data) == expected == data
    inner = data["me"]
    for _ in range(5):
        inner = inner["best"]
    del inner["nick"]  # a missing key five levels down: that object is read key by key
    expected = walk_response(data, shape, [])
    assert fast_shaper(shape)(data) == expected
    assert orjson.dumps(expected).count(b'"nick":null') == 1


_FITS = {
    "Int": lambda v: type(v) is int and -(2**31) <= v < 2**31,
    "Float": lambda v: type(v) in (int, float),
    "String": lambda v: type(v) is str,
    "Boolean": lambda v: type(v) is bool,
    "ID": lambda v: type(v) in (str, int),
}


def _fits(value: Any, field: FieldShape, depth: int = 0) -> bool:
    if value is None:
        return not field.non_null[depth]
    if depth + 1 < len(field.non_null):
        return type(value) is list and all(_fits(item, field, depth + 1) for item in value)
    if field.kind is FieldKind.PASSTHROUGH:
        return True
    if field.kind is FieldKind.TYPENAME:
        return type(value) is str
    if field.enum_values is not None:
        return value in field.enum_values
    if field.kind is FieldKind.LEAF:
        # The type from the schema itself, not from the shape under test.
        parent: Any = SCHEMA.get_type(field.parent_type)
        named = get_named_type(parent.fields[field.name].type).name
        return _FITS.get(named, lambda _v: True)(value)
    assert field.sub is not None
    return type(value) is dict and _object_fits(value, field.sub)


def _object_fits(value: dict[str, Any], shape: ObjectShape) -> bool:
    candidates = [shape.fields, *shape.by_type.values()]
    return all(
        any(_fits(item, f) for fields in candidates for f in fields if f.key == key)
        for key, item in value.items()
    )


@settings(max_examples=300, deadline=None)
@given(index=st.integers(0, len(SHAPES) - 1), data=st.dictionaries(keys, values, max_size=8))
def test_no_value_of_the_wrong_type_reaches_the_client(index: int, data: dict[str, Any]) -> None:
    shape = SHAPES[index]
    result = shape_response(data, shape, [])
    assert result is None or _object_fits(result, shape)
