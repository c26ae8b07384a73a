from gateway.execution.paths import objects_at


def test_objects_at_steps_through_lists_with_indices() -> None:
    data = {"a": [{"b": {"id": 1}}, {"b": {"id": 2}}]}
    found = objects_at(data, ("a", "@", "b"))
    assert [(obj["id"], where) for obj, where in found] == [(1, ("a", 0, "b")), (2, ("a", 1, "b"))]


def test_objects_at_skips_null_and_missing_parents() -> None:
    data = {"a": [None, {"b": None}, {"c": 1}, {"b": {"id": 3}}]}
    found = objects_at(data, ("a", "@", "b"))
    assert [where for _, where in found] == [("a", 3, "b")]


def test_objects_at_flattens_nested_lists() -> None:
    data = {"a": [[{"id": 1}], [{"id": 2}, {"id": 3}]]}
    found = objects_at(data, ("a", "@", "@"))
    assert [where for _, where in found] == [("a", 0, 0), ("a", 1, 0), ("a", 1, 1)]


def test_objects_at_filters_by_type_condition() -> None:
    data = {"items": [{"__typename": "Book", "id": 1}, {"__typename": "Movie", "id": 2}]}
    found = objects_at(data, ("items", "@", "... on Movie"))
    assert [obj["id"] for obj, _ in found] == [2]


def test_objects_at_empty_path_is_the_root() -> None:
    data = {"x": 1}
    assert objects_at(data, ()) == [(data, ())]
