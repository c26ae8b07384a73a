"""Schemathesis helpers shared by the subgraphs' fuzz tests."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import graphql
import schemathesis
from schemathesis.specs.graphql.scalars import CUSTOM_SCALARS


@contextlib.contextmanager
def any_scalar(strategy: Any, name: str = "_Any") -> Iterator[None]:
    """Generate the scalar `name` (by default `_Any`, entity representations) with `strategy`
    while the block runs.

    Schemathesis keeps custom scalars in one process-wide registry, so each subgraph's fuzz
    module sets its own only while it runs and puts back what was there.
    """
    saved = CUSTOM_SCALARS.get(name)
    schemathesis.graphql.scalar(name, strategy)
    try:
        yield
    finally:
        if saved is None:
            CUSTOM_SCALARS.pop(name, None)
        else:
            CUSTOM_SCALARS[name] = saved


def fuzzed_operations(schema: Any) -> Any:
    """Every Query and Mutation field of a subgraph's Strawberry `schema` for schemathesis,
    `_entities` and `_service` included.

    Loaded from the schema in-process (the one the server serves): schemathesis's lazy fixture
    loader does not work with this pytest, and it leaves `_entities`/`_service` out unless a
    filter names them, which this one does.
    """
    result = schema.execute_sync(graphql.get_introspection_query())
    assert result.data is not None, result.errors
    return schemathesis.graphql.from_dict(result.data).include(name_regex=r"^(Query|Mutation)\.")


def assert_answered_cleanly(response: Any) -> None:
    """A fuzzed request's answer: no 5xx, no INTERNAL_SERVER_ERROR, no traceback."""
    assert response.status_code < 500, response.text
    body = response.json()
    codes = [(e.get("extensions") or {}).get("code") for e in body.get("errors") or []]
    assert "INTERNAL_SERVER_ERROR" not in codes, response.text
    assert "Traceback" not in response.text
