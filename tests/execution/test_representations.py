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
    reps = collect_representations([a1, b, a2], BOOK_KEY)
    assert reps.values == [{"__typename": "Book", "id": "a"}, {"__typename": "Book", "id": "b"}]
    assert [[obj is a1 or obj is a2 for obj in origin] for origin in reps.origins] == [
        [True, True],
        [False],
    ]
    assert reps.origins[0][1] is a2


def test_representations_holding_objects_are_deduplicated_by_content() -> None:
    requires = (
        RequiresField(name="__typename"),
        RequiresField(name="key", selections=(RequiresField(name="a"), RequiresField(name="b"))),
    )
    first = {"__typename": "T", "key": {"a": 1, "b": 2}}
    second = {"__typename": "T", "key": {"b": 2, "a": 1}}
    reps = collect_representations([first, second], requires)
    assert reps.values == [{"__typename": "T", "key": {"a": 1, "b": 2}}]
    assert reps.origins == [[first, second]]


def test_representation_skips_objects_of_other_types_and_missing_keys() -> None:
    objects = [
        {"__typename": "Movie", "id": "m"},
        {"__typename": "Book"},
        {"__typename": "Book", "id": "ok"},
    ]
    reps = collect_representations(objects, BOOK_KEY)
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


def test_flat_key_holding_objects_is_deduplicated_by_content() -> None:
    requires = (
        RequiresInlineFragment(
            type_condition="T",
            selections=(RequiresField(name="__typename"), RequiresField(name="key")),
        ),
    )
    first = {"__typename": "T", "key": {"a": 1, "b": 2}}
    second = {"__typename": "T", "key": {"b": 2, "a": 1}}
    third = {"__typename": "T", "key": {"a": 1, "b": 3}}
    reps = collect_representations([first, second, third], requires)
    assert reps.values == [
        {"__typename": "T", "key": {"a": 1, "b": 2}},
        {"__typename": "T", "key": {"a": 1, "b": 3}},
    ]
    assert reps.origins == [[first, second], [third]]


def test_flat_key_without_typename_sends_nothing() -> None:
    requires = (RequiresInlineFragment(type_condition="T", selections=(RequiresField(name="id"),)),)
    assert collect_representations([{"__typename": "T", "id": 1}], requires).values == []
