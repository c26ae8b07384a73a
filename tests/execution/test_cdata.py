"""The executor's C module (`_cdata.c`) does what the Python it stands for does: merging, the
entities' merge with copies for repeated origins, and the objects at a path, on any input."""

from __future__ import annotations

import copy
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gateway import native
from gateway.execution import merge as merge_module
from gateway.execution.merge import merge_into
from gateway.execution.paths import walk_objects
from gateway.execution.representations import collect_flat
from gateway.plan import ANY_INDEX, Key, TypeCondition
from gateway.plan.nodes import AnyIndex
from tests.support.extensions import extension

C = extension("gateway.execution._cdata")
needs_c = pytest.mark.skipif(C is None, reason="no C compiler on this machine: nothing to test")
if C is not None:
    C.configure(AnyIndex, TypeCondition)

_KEYS = st.sampled_from(["a", "b", "c", "__typename"])
_LEAVES = st.none() | st.booleans() | st.integers(-3, 3) | st.sampled_from(["x", "Book", "Movie"])
_JSON = st.recursive(
    _LEAVES,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=14,
)
_OBJECTS = st.dictionaries(_KEYS, _JSON, max_size=4)


def test_the_executor_uses_the_c_module_exactly_when_compiled() -> None:
    if native.status().enabled:
        assert merge_module.NATIVE is C is not None
    else:
        assert merge_module.NATIVE is None


@needs_c
@settings(max_examples=400, deadline=None)
@given(target=_OBJECTS, source=_OBJECTS)
def test_the_merge_is_the_python_merge(target: dict[str, Any], source: dict[str, Any]) -> None:
    expected = copy.deepcopy(target)
    merge_into(expected, copy.deepcopy(source))
    C.deep_merge(target, source)
    assert orjson.dumps(target) == orjson.dumps(expected)  # values and key order


def _containers(value: Any, seen: dict[int, Any]) -> None:
    if isinstance(value, dict | list):
        seen[id(value)] = value
        for item in value.values() if isinstance(value, dict) else value:
            _containers(item, seen)


@needs_c
@settings(max_examples=300, deadline=None)
@given(
    entities=st.lists(_OBJECTS | st.none() | st.integers(0, 2) | st.just([]), max_size=4),
    data=st.data(),
)
def test_entities_merge_as_in_python(entities: list[Any], data: st.DataObject) -> None:
    origins = [data.draw(st.lists(_OBJECTS, min_size=1, max_size=3)) for _ in entities]
    python_entities, python_origins = copy.deepcopy((entities, origins))
    saved = merge_module.NATIVE
    merge_module.NATIVE = None  # the Python path of the same function
    try:
        expected_odd = merge_module.merge_entities(python_entities, python_origins)
    finally:
        merge_module.NATIVE = saved
    odd = C.merge_entities(entities, origins)
    assert odd == expected_odd
    assert orjson.dumps(origins) == orjson.dumps(python_origins)
    # The same sharing: each repeated origin got its own copy of nested objects, as in Python.
    ours: dict[int, Any] = {}
    theirs: dict[int, Any] = {}
    _containers(origins, ours)
    _containers(python_origins, theirs)
    assert len(ours) == len(theirs)


_STEPS = st.one_of(
    st.builds(Key, name=st.sampled_from(["a", "b", "c"])),
    st.just(ANY_INDEX),
    st.builds(TypeCondition, type_name=st.sampled_from(["Book", "Movie"])),
)


@needs_c
@settings(max_examples=400, deadline=None)
@given(root=_OBJECTS, path=st.lists(_STEPS, max_size=5).map(tuple))
def test_the_objects_at_a_path_are_the_python_walks(
    root: dict[str, Any], path: tuple[Any, ...]
) -> None:
    found = C.objects_at(root, path)
    expected = walk_objects(root, path)
    assert [id(obj) for obj in found] == [id(obj) for obj in expected]  # the very objects


_KEY_VALUES = st.none() | st.integers(0, 2) | st.sampled_from(["1", "2"]) | st.just([1])
_ENTITY_OBJECTS = st.fixed_dictionaries(
    {},
    optional={
        "__typename": st.sampled_from(["Book", "Movie"]) | st.none(),
        "id": _KEY_VALUES,
        "isbn": _KEY_VALUES,
        "title": st.just("t"),
    },
)


@needs_c
@settings(max_examples=400, deadline=None)
@given(
    objects=st.lists(_ENTITY_OBJECTS, max_size=8),
    keys=st.sampled_from([("__typename", "id"), ("id", "__typename", "isbn"), ("isbn",)]),
)
def test_representations_are_the_python_ones(
    objects: list[dict[str, Any]], keys: tuple[str, ...]
) -> None:
    expected = collect_flat(objects, "Book", keys)
    found = C.collect_flat(objects, "Book", keys)
    if found is None:  # a key holding a list: left to the Python path, which compares JSON
        assert any(isinstance(obj.get(key), list) for obj in objects for key in keys)
        return
    values, origins = found
    assert orjson.dumps(values) == orjson.dumps(expected.values)
    assert [[id(obj) for obj in group] for group in origins] == [
        [id(obj) for obj in group] for group in expected.origins
    ]


@needs_c
def test_deep_data_raises_rather_than_crashing() -> None:
    target: dict[str, Any] = {}
    source: dict[str, Any] = {}
    for _ in range(100_000):
        target, source = {"a": target}, {"a": source}
    with pytest.raises(RecursionError):
        C.deep_merge(target, source)
    with pytest.raises(RecursionError):
        C.copy(source)
    nested: list[Any] = []
    for _ in range(100_000):
        nested = [nested]
    with pytest.raises(RecursionError):
        C.objects_at({"a": nested}, (Key(name="a"),))


@needs_c
def test_bad_arguments_are_type_errors() -> None:
    with pytest.raises(TypeError):
        C.deep_merge({}, [])
    with pytest.raises(TypeError):
        C.merge_entities([{}], [])
    with pytest.raises(TypeError):
        C.merge_entities([{"a": 1}], [[]])
    with pytest.raises(TypeError):
        C.objects_at({}, [Key(name="a")])
    with pytest.raises(TypeError):
        C.collect_flat([{"id": 1}], "Book", ["id"])
    with pytest.raises(TypeError):
        C.collect_flat([1], "Book", ("id",))
