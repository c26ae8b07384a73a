from gateway.execution.representations import collect_representations, select_requires
from gateway.plan import RequiresField, RequiresInlineFragment

BOOK_KEY = (
    RequiresInlineFragment(
        type_condition="Book",
        selections=(RequiresField(name="__typename"), RequiresField(name="id")),
    ),
)


def test_representations_are_deduplicated_in_first_occurrence_order() -> None:
    a1 = {"__typename": "Book", "id": "a"}
    b = {"__typename": "Book", "id": "b"}
    a2 = {"id": "a", "__typename": "Book", "title": "extra"}
    located = [(a1, ("x", 0)), (b, ("x", 1)), (a2, ("x", 2))]
    reps = collect_representations(located, BOOK_KEY)
    assert reps.values == [{"__typename": "Book", "id": "a"}, {"__typename": "Book", "id": "b"}]
    assert [[where for _, where in origin] for origin in reps.origins] == [
        [("x", 0), ("x", 2)],
        [("x", 1)],
    ]


def test_representation_skips_objects_of_other_types_and_missing_keys() -> None:
    located = [
        ({"__typename": "Movie", "id": "m"}, ("x", 0)),
        ({"__typename": "Book"}, ("x", 1)),
        ({"__typename": "Book", "id": "ok"}, ("x", 2)),
    ]
    reps = collect_representations(located, BOOK_KEY)
    assert reps.values == [{"__typename": "Book", "id": "ok"}]


def test_select_requires_copies_nested_selections_through_lists() -> None:
    obj = {
        "__typename": "User",
        "id": 1,
        "name": "n",
        "tags": [{"k": "a", "v": 1}, {"k": "b", "v": 2}],
        "org": {"id": 7, "name": "x"},
    }
    selections = (
        RequiresField(name="__typename"),
        RequiresField(name="id"),
        RequiresField(name="tags", selections=(RequiresField(name="k"),)),
        RequiresField(name="org", selections=(RequiresField(name="id"),)),
    )
    assert select_requires(obj, selections) == {
        "__typename": "User",
        "id": 1,
        "tags": [{"k": "a"}, {"k": "b"}],
        "org": {"id": 7},
    }


def test_select_requires_keeps_null_values() -> None:
    obj = {"__typename": "User", "id": 1, "org": None}
    selections = (
        RequiresField(name="__typename"),
        RequiresField(name="org", selections=(RequiresField(name="id"),)),
    )
    assert select_requires(obj, selections) == {"__typename": "User", "org": None}
