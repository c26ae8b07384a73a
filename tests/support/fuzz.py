"""Schemathesis helpers shared by the subgraphs' fuzz tests."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

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
