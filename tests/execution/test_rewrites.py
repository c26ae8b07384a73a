from gateway.execution.rewrites import apply_rewrites
from gateway.plan import Key, KeyRenamer, TypeCondition, ValueSetter


def test_value_setter_sets_typename_on_matching_type_only() -> None:
    reps = [{"__typename": "Book", "id": 1}, {"__typename": "Movie", "id": 2}]
    rewrite = ValueSetter(
        path=(TypeCondition(type_name="Book"), Key(name="__typename")), set_value="Media"
    )
    apply_rewrites(reps, (rewrite,))
    assert reps == [{"__typename": "Media", "id": 1}, {"__typename": "Movie", "id": 2}]


def test_key_renamer_renames_nested_key() -> None:
    entity = {"__typename": "T", "inner": {"f__alias_0": 3}}
    rewrite = KeyRenamer(path=(Key(name="inner"), Key(name="f__alias_0")), rename_key_to="f")
    apply_rewrites(entity, (rewrite,))
    assert entity == {"__typename": "T", "inner": {"f": 3}}


def test_key_renamer_ignores_missing_key() -> None:
    entity = {"a": 1}
    rewrite = KeyRenamer(path=(Key(name="b"),), rename_key_to="c")
    apply_rewrites(entity, (rewrite,))
    assert entity == {"a": 1}
