"""Type-driven conversion: every kind of annotation the model uses, and each refusal."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

import pytest

from gateway.config import ConfigError, GatewayConfig, HeaderRule
from gateway.config.convert import convert, from_text, to_data


@dataclass(frozen=True, slots=True, kw_only=True)
class Inner:
    size: int = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class Sample:
    flag: bool = False
    count: int = 0
    ratio: float = 0.5
    name: str = "x"
    maybe: float | None = None
    mode: Literal["a", "b"] = "a"
    names: tuple[str, ...] = ()
    table: Mapping[str, float | None] = field(default_factory=lambda: MappingProxyType({}))
    inner: Inner = field(default_factory=Inner)
    rules: tuple[HeaderRule, ...] = ()


def _error(value: object, hint: Any = Sample) -> str:
    with pytest.raises(ConfigError) as caught:
        convert(value, hint)
    return str(caught.value)


def test_convert_fills_every_kind_of_field() -> None:
    sample = convert(
        {
            "flag": True,
            "count": 3,
            "ratio": 2,
            "name": "n",
            "maybe": 1.5,
            "mode": "b",
            "names": ["p", "q"],
            "table": {"a": 1, "b": None},
            "inner": {"size": 4},
            "rules": [{"action": "propagate", "named": ["x-tenant"]}],
        },
        Sample,
    )
    assert sample == Sample(
        flag=True,
        count=3,
        ratio=2.0,
        name="n",
        maybe=1.5,
        mode="b",
        names=("p", "q"),
        table=MappingProxyType({"a": 1.0, "b": None}),
        inner=Inner(size=4),
        rules=(HeaderRule(action="propagate", named=("x-tenant",)),),
    )
    assert isinstance(sample.ratio, float)
    assert isinstance(sample.table, MappingProxyType)


def test_convert_keeps_defaults_for_missing_keys_and_empty_sections() -> None:
    assert convert({"inner": None}, Sample) == Sample()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"flag": "yes"}, "flag: expected true or false, got 'yes'"),
        ({"count": "ten"}, "count: expected an integer, got 'ten'"),
        ({"count": True}, "count: expected an integer, got true"),
        ({"count": 1.5}, "count: expected an integer, got 1.5"),
        ({"ratio": "fast"}, "ratio: expected a number, got 'fast'"),
        ({"name": 3}, "name: expected a string, got 3"),
        ({"maybe": "x"}, "maybe: expected a number or null, got 'x'"),
        ({"mode": "c"}, "mode: expected one of 'a', 'b', got 'c'"),
        ({"names": "p"}, "names: expected a list, got 'p'"),
        ({"names": ["p", 1]}, "names[1]: expected a string, got 1"),
        ({"table": ["a"]}, "table: expected a mapping, got a list"),
        ({"table": {"a": "slow"}}, "table.a: expected a number or null, got 'slow'"),
        ({"table": {1: 2}}, "table: keys must be strings, got 1"),
        ({"inner": 5}, "inner: expected a mapping, got 5"),
        ({"inner": {"sise": 1}}, "inner.sise: unknown key (did you mean 'size'?)"),
        ({"rules": [{"named": ["a"]}]}, "rules[0].action: required: one of"),
        ({"rules": [{"action": "drop"}]}, "rules[0].action: expected one of 'propagate'"),
    ],
)
def test_convert_names_the_key_and_what_it_accepts(value: object, message: str) -> None:
    assert _error(value).startswith(message)


def test_unknown_key_lists_the_known_ones() -> None:
    assert "expected one of: count, flag, inner" in _error({"colour": 1})


def test_top_level_must_be_a_mapping() -> None:
    assert _error([1]) == "expected a mapping, got a list"


@pytest.mark.parametrize(
    ("text", "hint", "value"),
    [
        ("true", bool, True),
        ("Off", bool, False),
        ("1", bool, True),
        (" 12 ", int, 12),
        ("2.5", float, 2.5),
        ("null", float | None, None),
        ("", str | None, None),
        ("3", float | None, 3.0),
        (" a b ", str, " a b "),
        ("redis", Literal["memory", "redis"], "redis"),
        (
            "https://a.example, https://b.example",
            tuple[str, ...],
            ["https://a.example", "https://b.example"],
        ),
        ('["x", "y"]', tuple[str, ...], ["x", "y"]),
        ("", tuple[str, ...], []),
        ("a=1,b=null", Mapping[str, float | None], {"a": 1.0, "b": None}),
        ('{"A": "http://a"}', Mapping[str, str], {"A": "http://a"}),
        ("a = http://a , b=http://b", Mapping[str, str], {"a": "http://a", "b": "http://b"}),
        ('[{"action": "insert"}]', tuple[HeaderRule, ...], [{"action": "insert"}]),
        ('{"max_depth": 3}', Inner, {"max_depth": 3}),
    ],
)
def test_from_text_reads_environment_text_by_type(text: str, hint: Any, value: object) -> None:
    assert from_text(text, hint, ("k",)) == value


@pytest.mark.parametrize(
    ("text", "hint", "message"),
    [
        ("maybe", bool, "k: expected true or false, got 'maybe'"),
        ("ten", int, "k: expected an integer, got 'ten'"),
        ("1.5", int, "k: expected an integer, got '1.5'"),
        ("soon", float, "k: expected a number, got 'soon'"),
        ("[1,", tuple[str, ...], "k: expected JSON"),
        ("a:1", Mapping[str, float], "k: expected JSON or name=value pairs, got 'a:1'"),
        ("a=x", Mapping[str, float], "k.a: expected a number, got 'x'"),
        ("x", tuple[HeaderRule, ...], "k: expected JSON"),
    ],
)
def test_from_text_refuses_what_does_not_parse(text: str, hint: Any, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        from_text(text, hint, ("k",))
    assert str(caught.value).startswith(message)


def test_to_data_round_trips_every_section() -> None:
    config = convert(
        {
            "dev": True,
            "subgraphs": {"timeouts": {"a": None, "b": 2}, "urls": {"a": "http://a"}},
            "headers": {"subgraphs": {"a": [{"action": "insert", "name": "x", "value": "1"}]}},
            "cors": {"allow_origins": ["https://a.example"]},
        },
        GatewayConfig,
    )
    data = to_data(config)
    assert data["headers"]["subgraphs"]["a"][0]["action"] == "insert"
    assert convert(data, GatewayConfig) == config


def test_model_uses_only_supported_types() -> None:
    # Every hint in the model converts its own default: a new field of an unsupported
    # type fails here rather than at start-up.
    assert convert(to_data(GatewayConfig()), GatewayConfig) == GatewayConfig()
