"""Decide whether a gateway response matches a case's expected response, and say how not."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


def _ordered(value: Any) -> Any:
    """A form of `value` where dict key order matters to `==` (lists of pairs)."""
    if isinstance(value, dict):
        return [(key, _ordered(item)) for key, item in value.items()]
    if isinstance(value, list):
        return [_ordered(item) for item in value]
    return value


def _error_matches(expected: Mapping[str, Any], actual: Any) -> bool:
    if not isinstance(actual, dict):
        return False
    for key, want in expected.items():
        if key == "extensions":
            got = actual.get("extensions") or {}
            if any(got.get(k) != v for k, v in want.items()):
                return False
        elif actual.get(key) != want:
            return False
    return True


def response_mismatch(
    expected: Mapping[str, Any], actual: Any, *, check_errors: bool = True
) -> str | None:
    """None when `actual` (the parsed JSON body) satisfies `expected`, else a readable reason."""
    if not isinstance(actual, dict):
        return f"response is not a JSON object: {actual!r}"
    shown = json.dumps(actual, indent=1)
    if "data" not in actual and expected.get("data") is not None:
        return f"response has no data:\n{shown}"
    if _ordered(actual.get("data")) != _ordered(expected.get("data")):
        want = json.dumps(expected.get("data"), indent=1)
        return f"data differs (key order counts)\nexpected data:\n{want}\nactual response:\n{shown}"
    if not check_errors:
        return None
    errors = actual.get("errors") or []
    wanted = list(expected.get("errors") or [])
    if len(errors) != len(wanted):
        return f"expected {len(wanted)} error(s) like {wanted}, got {len(errors)}:\n{shown}"
    unmatched = list(errors)
    for want in wanted:
        hit = next((e for e in unmatched if _error_matches(want, e)), None)
        if hit is None:
            return f"no error matches {want}:\n{shown}"
        unmatched.remove(hit)
    return None
