"""Our planner's first-request cost: parse + validate + plan with a fresh planner, in-process."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from graphql import parse, validate

from gateway.planner import QueryPlanner
from gateway.supergraph import SupergraphError, load_supergraph

__all__ = ["planning_ms"]


def planning_ms(supergraph_file: Path, query: str, repeats: int = 5) -> float:
    """Median milliseconds to plan `query` on a planner with empty caches."""
    supergraph = load_supergraph(supergraph_file.read_text(encoding="utf-8"))
    if isinstance(supergraph, SupergraphError):
        raise RuntimeError(supergraph.message)
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        document = parse(query)
        assert not validate(supergraph.api_schema, document)
        QueryPlanner(supergraph).plan(document, None)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)
