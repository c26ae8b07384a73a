"""Memory one request needs, measured in-process: the scale series' per-request memory column.

RSS sampled from outside says little at one request in flight (the allocator keeps freed
arenas, and a collector pass may or may not have run); tracemalloc counts every Python
allocation instead.  The figure is the peak of memory allocated while one warm request runs
(plan cached, subgraph answers decoded, merged, shaped and encoded), above what was allocated
before it: what a request in flight holds at its largest.
"""

from __future__ import annotations

import asyncio
import tracemalloc
from pathlib import Path

import orjson

from bench.execution import InProcessFetch, build_pipeline
from bench.subgraphs.scale import scale_schemas
from gateway.request import GraphQLRequest

__all__ = ["request_peak_kb"]


def request_peak_kb(supergraph_file: Path, query: str) -> float:
    """Peak KiB allocated by one warm request for `query` over the scale subgraphs."""
    return asyncio.run(_peak(supergraph_file, query))


async def _peak(supergraph_file: Path, query: str) -> float:
    pipeline = build_pipeline(InProcessFetch(scale_schemas()), supergraph_file)
    request = GraphQLRequest(query=query)
    for _ in range(2):  # plan, shape and subgraph memo all warm
        await pipeline.execute(request)
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        response = await pipeline.execute(request)
        encoded = orjson.dumps(response.body)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    if "errors" in response.body:
        raise RuntimeError(f"the scale query failed in-process: {response.body['errors']!r}")
    del encoded
    return (peak - before) / 1024


def main() -> None:
    """`python -m bench.memory [n ...]`: one JSON line, entities → peak KiB per request."""
    import json
    import sys

    from bench.subgraphs.scale import scale_query

    here = Path(__file__).resolve().parent / "subgraphs" / "scale.graphql"
    sizes = [int(arg) for arg in sys.argv[1:]] or [10, 100, 1_000, 10_000]
    print(json.dumps({str(n): round(request_peak_kb(here, scale_query(n)), 1) for n in sizes}))


if __name__ == "__main__":
    main()
