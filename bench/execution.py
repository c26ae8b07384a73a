"""`python -m bench.execution`: the heavy query through the request pipeline, in-process, no HTTP.

The subgraphs answer from their memo in the same process (encode the request, look it up,
decode the answer: what the HTTP client's caller sees), so what is timed is our pipeline:
prepare (cached), execute the plan, merge, shape.  Prints microseconds per request for the whole
pipeline and for the fetcher alone, and with `--profile` the top functions by own time
(cProfile).  Compare runs of one session only: the machine is shared.

    uv run python -m bench.execution [--iterations 300] [--concurrency 1] [--profile]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import io
import json
import pstats
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import orjson
from graphql import GraphQLSchema

from bench.subgraphs.app import SubgraphsApp
from bench.subgraphs.scenario import scenario_schemas
from gateway.execution import SubgraphRequest
from gateway.pipeline import RequestPipeline
from gateway.planner import QueryPlanner
from gateway.request import GraphQLRequest
from gateway.supergraph import SupergraphError, load_supergraph

BENCH_DIR = Path(__file__).resolve().parent
SUPERGRAPH = BENCH_DIR / "subgraphs" / "supergraph.graphql"
HEAVY = (BENCH_DIR / "queries" / "heavy.graphql").read_text(encoding="utf-8")
EXPECTED = json.loads((BENCH_DIR / "queries" / "heavy.expected.json").read_text(encoding="utf-8"))


class InProcessFetch:
    """A `SubgraphFetcher` answering from the bench subgraphs' memo, with the wire's JSON work."""

    def __init__(self, schemas: Mapping[str, GraphQLSchema] | None = None) -> None:
        self.app = SubgraphsApp(scenario_schemas() if schemas is None else schemas)

    async def __call__(self, request: SubgraphRequest) -> Any:
        payload: dict[str, Any] = {"query": request.query, "variables": request.variables}
        if request.operation_name:
            payload["operationName"] = request.operation_name
        _, answer = self.app.answer(request.service_name, orjson.dumps(payload))
        return orjson.loads(answer)


def build_pipeline(fetch: InProcessFetch, supergraph_file: Path = SUPERGRAPH) -> RequestPipeline:
    supergraph = load_supergraph(supergraph_file.read_text(encoding="utf-8"))
    if isinstance(supergraph, SupergraphError):
        raise SystemExit(f"bench supergraph does not load: {supergraph}")
    planner = QueryPlanner(supergraph)
    return RequestPipeline(supergraph, planner, fetch, override_labels=planner.override_labels)


async def _run(pipeline: RequestPipeline, iterations: int, concurrency: int = 1) -> float:
    """Microseconds per request, `concurrency` requests in flight at a time (as under load,
    where many live responses make the garbage collector's full passes dear)."""
    request = GraphQLRequest(query=HEAVY)
    rounds = max(1, iterations // concurrency)
    start = time.perf_counter()
    for _ in range(rounds):
        await asyncio.gather(*(pipeline.execute(request) for _ in range(concurrency)))
    return (time.perf_counter() - start) / (rounds * concurrency) * 1e6


async def _fetch_only(pipeline: RequestPipeline, fetch: InProcessFetch, iterations: int) -> float:
    """The fetcher's share: replay the subgraph requests one pipeline run makes."""
    seen: list[SubgraphRequest] = []

    async def recording(request: SubgraphRequest) -> Any:
        seen.append(request)
        return await fetch(request)

    pipeline.fetch = pipeline.observed_fetch = recording
    await pipeline.execute(GraphQLRequest(query=HEAVY))
    pipeline.fetch = pipeline.observed_fetch = fetch
    start = time.perf_counter()
    for _ in range(iterations):
        for request in seen:
            await fetch(request)
    return (time.perf_counter() - start) / iterations * 1e6


async def main_async(args: argparse.Namespace) -> None:
    if args.gc_threshold:
        gc.set_threshold(args.gc_threshold)
    fetch = InProcessFetch()
    pipeline = build_pipeline(fetch)
    answer = await pipeline.execute(GraphQLRequest(query=HEAVY))
    if answer.body != EXPECTED:
        raise SystemExit("the pipeline's answer differs from bench/queries/heavy.expected.json")
    await _run(pipeline, 20)  # warm the caches and the memo
    fetching = await _fetch_only(pipeline, fetch, args.iterations)
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        total = await _run(pipeline, args.iterations, args.concurrency)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(args.top)
        print(out.getvalue())
    else:
        total = await _run(pipeline, args.iterations, args.concurrency)
    print(f"pipeline: {total:,.0f} us/request; fetcher alone: {fetching:,.0f} us; "
          f"ours: {total - fetching:,.0f} us")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.execution", description=__doc__)
    parser.add_argument("--iterations", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--gc-threshold", type=int, help="gc.set_threshold(n) before running")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=30)
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
