"""Checks of one random operation: against a recorded answer, and against its own rewrites."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from graphql import GraphQLSchema

from .compare import agrees, outcome, same
from .metamorphic import PREFIX, REWRITES, rewrite, unprefixed

__all__ = ["Post", "metamorphic_problems", "recorded_problem"]

# Sends a GraphQL request body; returns the HTTP status and the decoded JSON (None if not JSON).
Post = Callable[[dict[str, Any]], tuple[int, Any]]


def _restored(payload: Any) -> Any:
    """A response to an `aliased` operation with the prefix taken off keys and error paths."""
    if not isinstance(payload, dict):
        return payload
    restored = dict(payload)
    restored["data"] = unprefixed(payload.get("data"))
    errors = payload.get("errors")
    if isinstance(errors, list):
        restored["errors"] = [
            {
                **error,
                "path": [
                    p[len(PREFIX) :] if isinstance(p, str) and p.startswith(PREFIX) else p
                    for p in error.get("path") or []
                ],
            }
            if isinstance(error, dict)
            else error
            for error in errors
        ]
    return restored


def _shown(payload: Any) -> str:
    return json.dumps(payload)[:1500]


def metamorphic_problems(
    post: Post,
    schema: GraphQLSchema,
    query: str,
    variables: Mapping[str, Any],
    *,
    rewrites: tuple[str, ...] = tuple(REWRITES),
    unplannable_ok: bool = False,
) -> list[str]:
    """Each rewrite of the operation whose answer differs from the operation's own answer.

    A server error for the operation itself is a problem too, unless `unplannable_ok` (for
    supergraphs where peers cannot plan some operations either).
    """
    status, base = post({"query": query, "variables": dict(variables)})
    problems: list[str] = []
    if status >= 500:
        if not unplannable_ok:
            problems.append(f"HTTP {status} for the operation itself: {_shown(base)}")
        return problems
    expected = outcome(status, base)
    for name in rewrites:
        rewritten = rewrite(schema, name, query, variables)
        if rewritten is None:
            continue
        got_status, got = post({"query": rewritten.query, "variables": dict(rewritten.variables)})
        if got_status >= 500 and unplannable_ok:
            continue
        if rewritten.prefixed:
            got = _restored(got)
        if not same(expected, outcome(got_status, got)):
            problems.append(
                f"{name}: {rewritten.query} {dict(rewritten.variables)}\n"
                f"  original answer: {_shown(base)}\n  rewritten answer: {_shown(got)}"
            )
    return problems


def recorded_problem(post: Post, recorded: Mapping[str, Any]) -> str | None:
    """How our answer to a recorded operation differs from the recorded reference answer."""
    status, payload = post({"query": recorded["query"], "variables": recorded["variables"]})
    expected = {
        "data": recorded["data"],
        "errors": [{"path": p.split("/") if p else []} for p in recorded["error_paths"]]
        if recorded["errors"]
        else [],
    }
    want = outcome(recorded["status"], expected)
    want["error_paths"] = recorded["error_paths"]
    got = outcome(status, payload)
    if agrees(got, want, recorded["data"]):
        return None
    return (
        f"seed {recorded['seed']}: {recorded['query']} {recorded['variables']}\n"
        f"  reference: {_shown(expected)}\n  ours: {_shown(payload)}"
    )
