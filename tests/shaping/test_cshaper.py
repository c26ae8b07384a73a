"""The C shaper (`_cshaper.c`): where it answers, it answers as the generated code does; it hands
everything else over whole; and on clean data of plain dicts and lists it answers itself."""

from __future__ import annotations

import copy
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gateway import native
from gateway.shaping import FieldKind, FieldShape, ObjectShape
from gateway.shaping import fast as fast_module
from gateway.shaping.fast import Miss, describe, fast_shaper
from gateway.shaping.project import walk_response
from gateway.shaping.shape import SCALAR_CHECKS
from tests.support.extensions import extension

from .test_fast import SHAPES, compiled, keys, scalars, values

C = extension("gateway.shaping._cshaper")
needs_c = pytest.mark.skipif(C is None, reason="no C compiler on this machine: nothing to test")


def _handed_over(data: dict[str, Any]) -> str:
    return "handed over"


def test_the_gateway_uses_the_c_shaper_exactly_when_compiled() -> None:
    shaper = fast_shaper(compiled("{ me { id } }"))
    if native.status().enabled:
        assert fast_module._C is C is not None
        assert type(shaper).__name__ == "Shaper"
    else:
        assert fast_module._C is None
        assert type(shaper).__name__ == "function"
    assert shaper({"me": {"id": "1", "x": 2}}) == {"me": {"id": "1"}}


@needs_c
@settings(max_examples=400, deadline=None)
@given(index=st.integers(0, len(SHAPES) - 1), data=st.dictionaries(keys, values, max_size=8))
def test_where_it_answers_it_answers_as_the_generated_code(
    index: int, data: dict[str, Any]
) -> None:
    shape = SHAPES[index]
    generated = fast_module._Generator().root(shape)
    shaper = C.Shaper(describe(shape), generated)
    answer = shaper.clean(data)
    try:
        expected = generated(data)
    except Miss:
        assert answer is None, "the C shaper answered a response that needs errors"
        return
    if answer is not None:
        assert orjson.dumps(answer) == orjson.dumps(expected)  # keys, order and values
    # Through the call, the fallback's answer stands wherever the C path gave up.
    assert orjson.dumps(shaper(data)) == orjson.dumps(expected)


_CLEAN_LEAVES = {
    "String": st.text(max_size=5),
    "ID": st.one_of(st.text(max_size=5), st.integers(-(2**63), 2**63 - 1)),
    "Int": st.integers(-(2**31), 2**31 - 1),
    "Float": st.one_of(
        st.floats(allow_nan=False, allow_infinity=False), st.integers(-(2**63), 2**63 - 1)
    ),
    "Boolean": st.booleans(),
}


def _clean_value(field: FieldShape, depth: int = 0) -> st.SearchStrategy[Any]:
    """Values of plain JSON types that need no error at `field`'s list level `depth`."""
    inner: st.SearchStrategy[Any]
    if depth + 1 < len(field.non_null):
        inner = st.lists(st.deferred(lambda: _clean_value(field, depth + 1)), max_size=3)
    elif field.kind is FieldKind.COMPOSITE:
        assert field.sub is not None
        inner = _clean_object(field.sub)
    elif field.enum_values is not None:
        inner = st.sampled_from(sorted(field.enum_values))
    else:
        inner = _CLEAN_LEAVES.get(field.named or "", st.integers(-9, 9) | st.text(max_size=3))
    return inner if field.non_null[depth] else st.one_of(st.none(), inner)


def _clean_object(shape: ObjectShape) -> st.SearchStrategy[dict[str, Any]]:
    choices: list[st.SearchStrategy[dict[str, Any]]] = []
    typed = [(name, fields) for name, fields in shape.by_type.items()] if shape.abstract else []
    for typename, fields in [(None, shape.fields), *typed]:
        members = {
            field.key: _clean_value(field)
            for field in fields
            if field.kind is not FieldKind.TYPENAME and field.kind is not FieldKind.PASSTHROUGH
        }
        extra = {"__typename": st.just(typename)} if typename is not None else {}
        choices.append(st.fixed_dictionaries({**members, **extra}))
    return st.one_of(*choices)


@needs_c
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_on_clean_data_it_answers_itself(data: st.DataObject) -> None:
    shape = SHAPES[data.draw(st.integers(0, len(SHAPES) - 1))]
    if any(field.kind is FieldKind.PASSTHROUGH for field in shape.fields):
        return  # introspection's copied values are the gateway's own, not a subgraph's
    value = data.draw(_clean_object(shape))
    answer = C.Shaper(describe(shape), _handed_over).clean(value)
    assert answer is not None, "the C shaper gave up on clean data"
    assert orjson.dumps(answer) == orjson.dumps(walk_response(value, shape, []))


def _slots(value: Any, found: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """Every (container, key or index) of `value`, outermost first."""
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in list(items):
        found.append((value, key))
        if isinstance(item, dict | list):
            _slots(item, found)
    return found


_ODD = scalars | st.sampled_from([{}, [], [None], "CALM", 2**63 - 1])


@needs_c
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_one_odd_value_in_clean_data_is_judged_as_the_generated_code_judges_it(
    data: st.DataObject,
) -> None:
    """Clean data with one value replaced (a null, a number, a string, an object, a list...),
    at every place in turn: the C path answers exactly when the generated code does, and with
    its answer."""
    shape = SHAPES[data.draw(st.integers(0, len(SHAPES) - 1))]
    clean = data.draw(_clean_object(shape))
    odd = data.draw(_ODD)
    generated = fast_module._Generator().root(shape)
    shaper = C.Shaper(describe(shape), _handed_over)
    for place in range(len(_slots(clean, []))):
        value = copy.deepcopy(clean)
        container, key = _slots(value, [])[place]
        container[key] = copy.deepcopy(odd)
        answer = shaper.clean(value)
        try:
            expected = generated(value)
        except Miss:
            assert answer is None, f"the C shaper answered what needs errors: {value}"
            continue
        assert answer is not None, f"the C shaper gave up on what needs no error: {value}"
        assert orjson.dumps(answer) == orjson.dumps(expected)


@needs_c
@pytest.mark.parametrize(
    ("query", "data"),
    [
        ("{ users { id } }", {"users": [{"id": None}]}),  # null in a non-null position
        ("{ mood }", {"mood": "HIDDEN"}),  # an enum value the schema does not show
        ("{ node { id } }", {"node": {"__typename": "Secret", "id": "1"}}),  # hidden type
        ("{ node { id } }", {"node": {"__typename": 7, "id": "1"}}),  # a typename not a string
        ("{ count }", {"count": 2**31}),  # past 32 bits
        ("{ count }", {"count": True}),  # a bool is no Int
        ("{ me { id } }", {"me": [{"id": "1"}]}),  # a list for an object
        ("{ users { id } }", {"users": {"id": "1"}}),  # an object for a list
    ],
)
def test_what_needs_an_error_is_handed_over(query: str, data: dict[str, Any]) -> None:
    shaper = C.Shaper(describe(compiled(query)), _handed_over)
    assert shaper.clean(data) is None
    assert shaper(data) == "handed over"


class Subclass(dict[str, Any]):
    pass


@needs_c
def test_what_it_does_not_read_itself_is_handed_over() -> None:
    shape = compiled("{ me { id best { id } } count }")
    shaper = C.Shaper(describe(shape), _handed_over)
    assert shaper.clean({"me": Subclass(id="1"), "count": 1}) is None  # a dict subclass
    assert shaper.clean(Subclass(count=1)) is None
    assert shaper(Subclass(count=1)) == "handed over"
    assert shaper.clean({"count": 2**30}) == {"me": None, "count": 2**30}  # missing: null


@needs_c
def test_a_deep_response_raises_rather_than_crashing() -> None:
    # Descriptions by hand: deeper than any query the gateway's depth limit lets through.
    depth = 20_000
    description: tuple[Any, ...] = (False, "T", (("x", 3, (False,), None, None),), None, None)
    data: dict[str, Any] = {"x": 1}
    for _ in range(depth):
        description = (False, "T", (("x", 2, (False,), description, None),), None, None)
        data = {"x": data}
    with pytest.raises(RecursionError):
        C.Shaper(description, _handed_over).clean(data)


def test_every_checked_scalar_has_an_operation() -> None:
    assert set(fast_module._SCALAR_OPS) == set(SCALAR_CHECKS)


def test_the_shaper_refuses_what_is_not_a_description() -> None:
    if C is None:
        assert fast_module._C is None
        return
    with pytest.raises(TypeError):
        C.Shaper((1, 2), _handed_over)
    with pytest.raises(TypeError):
        C.Shaper(describe(compiled("{ count }")), "not callable")
    with pytest.raises(TypeError):
        C.Shaper(describe(compiled("{ count }")), _handed_over)({}, {})
