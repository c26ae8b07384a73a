"""How the arguments of non-repeatable feature directives merge when subgraphs disagree
(Apollo's argument composition strategies: MAX, NULLABLE_*, DNF_CONJUNCTION)."""

from __future__ import annotations

import json
from typing import Any

from gateway.composition.subgraph.model import Applied
from gateway.composition.values import python_to_str

__all__ = ["dnf_conjunction", "merge_arguments", "strategy_names"]

# directive -> ordered (argument, strategy, default)
STRATEGIES: dict[str, tuple[tuple[str, str, Any], ...]] = {
    "cost": (("weight", "MAX", None),),
    "listSize": (
        ("assumedSize", "NULLABLE_MAX", None),
        ("slicingArguments", "NULLABLE_UNION", None),
        ("sizedFields", "NULLABLE_UNION", None),
        ("requireOneSlicingArgument", "NULLABLE_AND", True),
    ),
    "requiresScopes": (("scopes", "DNF", None),),
    "policy": (("policies", "DNF", None),),
}


def _dedupe_subsumed(values: list[list[str]]) -> list[list[str]]:
    result: list[list[str]] = []
    for candidate in sorted(values, key=len):
        if not any(all(e in candidate for e in r) for r in result):
            result.append(candidate)
    return result


def dnf_conjunction(values: list[list[list[str]]]) -> list[list[str]]:
    """AND of several OR-of-ANDs requirements, kept in disjunctive normal form."""
    if not values:
        return []
    normalised: list[list[list[str]]] = []
    seen: set[str] = set()
    for value in values:
        copy = [sorted(inner) for inner in value] or [[]]
        copy.sort(key=json.dumps)
        key = json.dumps(copy)
        if key not in seen:
            seen.add(key)
            normalised.append(copy)
    result = normalised[0]
    for current in normalised[1:]:
        accumulator: list[list[str]] = []
        keys: set[str] = set()
        for acc in result:
            for element in current:
                candidate = sorted([*acc, *(e for e in element if e not in acc)])
                key = json.dumps(candidate)
                if key not in keys:
                    keys.add(key)
                    accumulator.append(candidate)
        result = _dedupe_subsumed(accumulator)
    return result


def strategy_names(name: str) -> str:
    names = {"DNF": "DNF_CONJUNCTION"}
    parts = [f'"{arg}": {names.get(s, s)}' for arg, s, _ in STRATEGIES.get(name, ())]
    return "{ " + ", ".join(parts) + " }"


def merge_arguments(name: str, applications: list[Applied]) -> str | None:
    """Printed merged arguments, or None when `name` has no strategy."""
    spec = STRATEGIES.get(name)
    if spec is None:
        return None
    parts: list[str] = []
    for arg, strategy, default in spec:
        values = [a.value(arg) if a.has_arg(arg) else default for a in applications]
        merged: Any
        if strategy == "MAX":
            merged = max(v for v in values if v is not None)
        elif strategy == "NULLABLE_MAX":
            present = [v for v in values if v is not None]
            merged = max(present) if present else None
        elif strategy == "NULLABLE_UNION":
            present = [v for v in values if v is not None]
            merged = list(dict.fromkeys(x for v in present for x in v)) if present else None
        elif strategy == "NULLABLE_AND":
            present = [v for v in values if v is not None]
            merged = all(present) if present else None
        else:
            merged = dnf_conjunction([v or [] for v in values])
        if merged is not None:
            parts.append(f"{arg}: {python_to_str(merged)}")
    return "(" + ", ".join(parts) + ")" if parts else ""
