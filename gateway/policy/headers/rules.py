"""Header rules compiled from the configuration, and how they turn inbound headers into outbound.

Names are lower-case throughout.  Headers that describe the connection or the body (hop-by-hop,
framing, content negotiation) belong to the gateway's own HTTP client, and the identity headers
belong to the gateway alone: no rule can copy them from the client, not even a catch-all regex,
and naming one in a rule is a configuration error.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from gateway.config.model import HeaderRule

__all__ = [
    "FRAMING_HEADERS",
    "CompiledRule",
    "Insert",
    "Propagate",
    "Remove",
    "Rename",
    "apply_rules",
    "compile_rules",
    "is_framing",
]

# RFC 9110 §7.6.1 connection-specific headers, plus what the subgraph client sets itself.
FRAMING_HEADERS = frozenset(
    {
        "connection",
        "keep-alive",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "host",
        "content-length",
        "content-type",
        "content-encoding",
        "accept",
        "accept-encoding",
    }
)

_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9a-z]+")
_BAD_VALUE = re.compile(r"[\r\n\x00]")


def is_framing(name: str) -> bool:
    return name in FRAMING_HEADERS or name.startswith("proxy-")


@dataclass(frozen=True, slots=True, kw_only=True)
class Propagate:
    names: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = None
    default: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Rename:
    source: str
    target: str
    default: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Insert:
    name: str
    value: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Remove:
    names: frozenset[str] = frozenset()
    pattern: re.Pattern[str] | None = None


CompiledRule = Propagate | Rename | Insert | Remove


def apply_rules(
    rules: Iterable[CompiledRule],
    inbound: Mapping[str, str],
    protected: frozenset[str],
    out: dict[str, str],
) -> None:
    """Run `rules` in order over the client's `inbound` headers, adding to `out`.

    `protected` names are never read from the client (a regex skips them; explicit names were
    refused when the rules were compiled).
    """
    for rule in rules:
        match rule:
            case Propagate(names=names, pattern=pattern, default=default):
                for name in names:
                    value = inbound.get(name, default)
                    if value is not None:
                        out[name] = value
                if pattern is not None:
                    for name, value in inbound.items():
                        if pattern.fullmatch(name) and not _protected(name, protected):
                            out[name] = value
            case Rename(source=source, target=target, default=default):
                value = inbound.get(source, default)
                if value is not None:
                    out[target] = value
            case Insert(name=name, value=value):
                out[name] = value
            case Remove(names=names, pattern=pattern):
                for name in [n for n in out if n in names or (pattern and pattern.fullmatch(n))]:
                    del out[name]


def _protected(name: str, protected: frozenset[str]) -> bool:
    return name in protected or is_framing(name)


def compile_rules(
    rules: Iterable[HeaderRule], where: str, protected: frozenset[str]
) -> tuple[CompiledRule, ...]:
    """Check and compile configured rules; a `ValueError` names the rule (`where[i]`) and why."""
    return tuple(_compile(rule, f"{where}[{index}]", protected) for index, rule in enumerate(rules))


def _compile(rule: HeaderRule, where: str, protected: frozenset[str]) -> CompiledRule:
    def unused(*fields: str) -> None:
        for field in fields:
            if getattr(rule, field) not in (None, ()):
                raise ValueError(f"{where}: a {rule.action} rule does not take '{field}'")

    def name(value: str | None, field: str, *, readable: bool) -> str:
        if not value:
            raise ValueError(f"{where}: a {rule.action} rule needs '{field}'")
        lowered = value.lower()
        if _TOKEN.fullmatch(lowered) is None:
            raise ValueError(f"{where}: {value!r} is not a valid header name")
        if readable and _protected(lowered, protected):
            raise ValueError(
                f"{where}: {lowered!r} is set by the gateway itself and cannot come from a rule"
            )
        return lowered

    match rule.action:
        case "propagate":
            unused("name", "rename_to", "value")
            if not rule.named and rule.matching is None:
                raise ValueError(f"{where}: a propagate rule needs 'named' or 'matching'")
            if rule.default is not None and not rule.named:
                raise ValueError(f"{where}: 'default' goes with 'named' header names only")
            return Propagate(
                names=tuple(name(n, "named", readable=True) for n in rule.named),
                pattern=_pattern(rule.matching, where),
                default=_value(rule.default, where),
            )
        case "rename":
            unused("named", "matching", "value")
            return Rename(
                source=name(rule.name, "name", readable=True),
                target=name(rule.rename_to, "rename_to", readable=True),
                default=_value(rule.default, where),
            )
        case "insert":
            unused("named", "matching", "rename_to", "default")
            value = _value(rule.value, where)
            if value is None:
                raise ValueError(f"{where}: an insert rule needs 'value'")
            return Insert(name=name(rule.name, "name", readable=True), value=value)
        case "remove":
            unused("rename_to", "value", "default")
            names = (*rule.named, *((rule.name,) if rule.name else ()))
            if not names and rule.matching is None:
                raise ValueError(f"{where}: a remove rule needs 'name', 'named' or 'matching'")
            return Remove(
                names=frozenset(name(n, "name", readable=False) for n in names),
                pattern=_pattern(rule.matching, where),
            )
        case other:
            raise ValueError(
                f"{where}: unknown action {other!r} (propagate, rename, insert or remove)"
            )


def _pattern(source: str | None, where: str) -> re.Pattern[str] | None:
    if source is None:
        return None
    try:
        # Names are lower-case; IGNORECASE lets a rule say "X-Tenant-.*" all the same.
        return re.compile(source, re.IGNORECASE)
    except re.error as error:
        raise ValueError(f"{where}: 'matching' is not a valid regex ({error})") from None


def _value(value: str | None, where: str) -> str | None:
    if value is not None and _BAD_VALUE.search(value):
        raise ValueError(f"{where}: header values may not contain CR, LF or NUL")
    return value
