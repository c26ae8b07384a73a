from gateway.execution.paths import located_at, objects_at
from gateway.plan import ANY_INDEX, Key, TypeCondition


def test_located_at_steps_through_lists_with_indices() -> None:
    data = {"a": [{"b": {"id": 1}}, {"b": {"id": 2}}]}
    found = located_at(data, (Key(name="a"), ANY_INDEX, Key(name="b")))
    assert [(obj["id"], where) for obj, where in found] == [(1, ("a", 0, "b")), (2, ("a", 1, "b"))]


def test_objects_at_skips_null_and_missing_parents() -> None:
    data = {"a": [None, {"b": None}, {"c": 1}, {"b": {"id": 3}}]}
    assert objects_at(data, (Key(name="a"), ANY_INDEX, Key(name="b"))) == [{"id": 3}]
    assert located_at(data, (Key(name="a"), ANY_INDEX, Key(name="b"))) == [
        ({"id": 3}, ("a", 3, "b"))
    ]


def test_objects_at_flattens_nested_lists() -> None:
    data = {"a": [[{"id": 1}], [{"id": 2}, {"id": 3}]]}
    assert [o["id"] for o in objects_at(data, (Key(name="a"), ANY_INDEX, ANY_INDEX))] == [1, 2, 3]
    found = located_at(data, (Key(name="a"), ANY_INDEX, ANY_INDEX))
    assert [where for _, where in found] == [("a", 0, 0), ("a", 1, 0), ("a", 1, 1)]


def test_objects_at_steps_through_lists_without_at_markers() -> None:
    data = {"a": [{"b": [{"id": 1}, {"id": 2}]}, {"b": {"id": 3}}]}
    assert [o["id"] for o in objects_at(data, (Key(name="a"), Key(name="b")))] == [1, 2, 3]


def test_objects_at_filters_by_type_condition() -> None:
    data = {"items": [{"__typename": "Book", "id": 1}, {"__typename": "Movie", "id": 2}]}
    assert [
        obj["id"]
        for obj in objects_at(
            data, (Key(name="items"), ANY_INDEX, TypeCondition(type_name="Movie"))
        )
    ] == [2]
    assert [
        w
        for _, w in located_at(
            data, (Key(name="items"), ANY_INDEX, TypeCondition(type_name="Movie"))
        )
    ] == [("items", 1)]


def test_objects_at_empty_path_is_the_root() -> None:
    data = {"x": 1}
    assert objects_at(data, ()) == [data]
    assert located_at(data, ()) == [(data, ())]
