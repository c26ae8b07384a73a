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
