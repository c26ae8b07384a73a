"""What counts as two gateways answering an operation the same way.

`data` must be equal, key order included (GraphQL orders response keys as the operation
does). Error texts differ between gateways and are not compared; what is compared is whether
errors came back at all and, per error, the path it points at, since a lost or misplaced
error is as wrong as a wrong value.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Outcome", "outcome", "same"]

# (HTTP status class, data in key order, sorted error paths, any errors).
Outcome = dict[str, Any]


def _ordered(value: Any) -> Any:
    if isinstance(value, dict):
        return [[key, _ordered(item)] for key, item in value.items()]
    if isinstance(value, list):
        return [_ordered(item) for item in value]
    return value


def outcome(status: int, body: Any) -> Outcome:
    """The comparable part of one response."""
    if not isinstance(body, dict):
        return {"status": status, "body": "not a GraphQL response"}
    errors = body.get("errors") or []
    paths = sorted(
        "/".join(str(part) for part in error.get("path") or [])
        for error in errors
        if isinstance(error, dict)
    )
    return {
        "data": _ordered(body.get("data")),
        "errors": bool(errors),
        "error_paths": sorted(set(paths)),
    }


def same(left: Outcome, right: Outcome, *, paths: bool = True) -> bool:
    """Whether two outcomes agree (error paths only when `paths`)."""
    if left.get("data") != right.get("data") or left.get("errors") != right.get("errors"):
        return False
    if "body" in left or "body" in right:
        return left == right
    return not paths or left.get("error_paths") == right.get("error_paths")


def _reaches_null(data: Any, path: str) -> bool:
    """Whether following `path` (`a/0/b`) through `data` meets a null or a missing entry."""
    value = data
    for step in path.split("/") if path else []:
        if value is None:
            return True
        if isinstance(value, list):
            try:
                value = value[int(step)]
            except (ValueError, IndexError):
                return True
        elif isinstance(value, dict):
            if step not in value:
                return True
            value = value[step]
        else:
            return False
    return value is None


def agrees(ours: Outcome, reference: Outcome, data: Any) -> bool:
    """Whether our outcome is the reference's, allowing errors the reference left out.

    Peers often null a position without saying why (a non-null field an entity fetch could
    not fill, a value of the wrong type); GraphQL requires an error there. And which of two
    failing sibling fields a subgraph reports depends on the order it resolves them in, which
    differs between gateways' subgraph operations. Some report a failed fetch with no path,
    where we locate it at the field. So our answer agrees when `data` is equal,
    we report an error whenever the reference does, and every error path only one of the two
    gives points at a null of `data` (the response both gave, in JSON form).
    """
    if same(ours, reference):
        return True
    if "body" in ours or "body" in reference or ours.get("data") != reference.get("data"):
        return False
    if reference.get("errors") and not ours.get("errors"):
        return False
    mine, theirs = set(ours.get("error_paths", [])), set(reference.get("error_paths", []))
    if mine:
        # A reference error with no path (a failed fetch, say) that we located at a field.
        theirs.discard("")
    return all(_reaches_null(data, path) for path in mine ^ theirs)
