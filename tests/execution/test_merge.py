import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from gateway.execution.merge import deep_merge


def test_deep_merge_merges_objects_recursively() -> None:
    target = {"a": {"x": 1}, "b": 1}
    deep_merge(target, {"a": {"y": 2}, "c": 3})
    assert target == {"a": {"x": 1, "y": 2}, "b": 1, "c": 3}


def test_deep_merge_merges_equal_length_lists_by_index() -> None:
    target = {"l": [{"id": 1}, {"id": 2}]}
    deep_merge(target, {"l": [{"n": "a"}, {"n": "b"}]})
    assert target == {"l": [{"id": 1, "n": "a"}, {"id": 2, "n": "b"}]}


def test_deep_merge_does_not_erase_values_with_null() -> None:
    target = {"a": {"x": 1}}
    deep_merge(target, {"a": None, "b": None})
    assert target == {"a": {"x": 1}, "b": None}


def test_deep_merge_replaces_scalars() -> None:
    target = {"a": 1}
    deep_merge(target, {"a": 2})
    assert target == {"a": 2}


def test_deep_merge_keeps_a_value_a_null_would_erase_beside_new_keys() -> None:
    target = {"id": 1, "name": "a"}
    deep_merge(target, {"id": 1, "name": None, "extra": [1]})
    assert target == {"id": 1, "name": "a", "extra": [1]}


def test_deep_merge_merges_nested_objects_beside_equal_key_fields() -> None:
    target = {"id": 1, "owner": {"id": 2}}
    deep_merge(target, {"id": 1, "owner": {"name": "n"}, "new": True})
    assert target == {"id": 1, "owner": {"id": 2, "name": "n"}, "new": True}


# The rules, written plainly: what deep_merge must do whichever path it takes.
def _reference_merge(target: dict, source: dict) -> None:  # type: ignore[type-arg]
    for key, value in source.items():
        current = target.get(key)
        if isinstance(current, dict) and isinstance(value, dict):
            _reference_merge(current, value)
        elif isinstance(current, list) and isinstance(value, list) and len(current) == len(value):
            _reference_merge_lists(current, value)
        elif value is not None or key not in target:
            target[key] = value


def _reference_merge_lists(target: list, source: list) -> None:  # type: ignore[type-arg]
    for index, value in enumerate(source):
        current = target[index]
        if isinstance(current, dict) and isinstance(value, dict):
            _reference_merge(current, value)
        elif isinstance(current, list) and isinstance(value, list) and len(current) == len(value):
            _reference_merge_lists(current, value)
        elif value is not None or current is None:
            target[index] = value


_KEYS = st.sampled_from(["a", "b", "c", "d"])
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.sampled_from(["x", "y"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=12,
)
_OBJECTS = st.dictionaries(_KEYS, _JSON, max_size=4)


@settings(max_examples=400, deadline=None)
@given(target=_OBJECTS, source=_OBJECTS)
def test_deep_merge_follows_the_rules_on_any_pair(target: dict, source: dict) -> None:  # type: ignore[type-arg]
    expected = copy.deepcopy(target)
    _reference_merge(expected, copy.deepcopy(source))
    deep_merge(target, source)
    assert target == expected
    assert list(target) == list(expected)  # key order too: the response keeps it
