"""`python -m bench.shaping`: the heavy query's shaping alone, walker against generated code.

Runs the heavy query once through the in-process pipeline (`bench.execution`) to capture the
real merged subgraph data and the compiled shape handed to `shape_response`, then times, in
this one process, the interpretive walker (`walk_response`) and the generated fast path
(`shape_response`) on that same input, interleaved round by round so that noise from the
shared machine falls on both.  The ratio is the figure to compare; absolute microseconds vary
with the machine's load.

    uv run python -m bench.shaping [--iterations 2000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Callable
from typing import Any

import orjson

import gateway.pipeline.pipeline as pipeline_module
from bench.execution import EXPECTED, HEAVY, InProcessFetch, build_pipeline
from gateway.request import GraphQLRequest
from gateway.shaping import ObjectShape
from gateway.shaping.project import shape_response, walk_response

Shaping = Callable[[dict[str, Any], ObjectShape, list[dict[str, Any]]], Any]


async def capture() -> tuple[dict[str, Any], ObjectShape]:
    """The merged data and the shape the pipeline passes to `shape_response` for the heavy query."""
    seen: list[tuple[dict[str, Any], ObjectShape]] = []
    # The pipeline's own name for the function, replaced for one run (it is not re-exported).
    names = vars(pipeline_module)
    original = names["shape_response"]

    def recording(data: Any, shape: ObjectShape, errors: list[dict[str, Any]], **kw: Any) -> Any:
        seen.append((data, shape))
        return original(data, shape, errors, **kw)

    names["shape_response"] = recording
    try:
        answer = await build_pipeline(InProcessFetch()).execute(GraphQLRequest(query=HEAVY))
    finally:
        names["shape_response"] = original
    if answer.body != EXPECTED:
        raise SystemExit("the pipeline's answer differs from bench/queries/heavy.expected.json")
    if len(seen) != 1:
        raise SystemExit(f"expected one shape_response call, saw {len(seen)}")
    return seen[0]


def time_one(shaping: Shaping, data: dict[str, Any], shape: ObjectShape, iterations: int) -> float:
    """Microseconds per call."""
    start = time.perf_counter()
    for _ in range(iterations):
        shaping(data, shape, [])
    return (time.perf_counter() - start) / iterations * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.shaping", description=__doc__)
    parser.add_argument("--iterations", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    data, shape = asyncio.run(capture())
    walked_errors: list[dict[str, Any]] = []
    shaped_errors: list[dict[str, Any]] = []
    walked = orjson.dumps(walk_response(data, shape, walked_errors))
    shaped = orjson.dumps(shape_response(data, shape, shaped_errors))
    if walked != shaped or walked_errors != shaped_errors:
        raise SystemExit("the generated code and the walker disagree on the heavy query")
    walker: list[float] = []
    fast: list[float] = []
    for _ in range(args.rounds):
        walker.append(time_one(walk_response, data, shape, args.iterations))
        fast.append(time_one(shape_response, data, shape, args.iterations))
    best_walker, best_fast = min(walker), min(fast)
    print(f"heavy query: {len(walked):,} bytes shaped; best of {args.rounds} rounds "
          f"x {args.iterations} calls")  # fmt: skip
    print(f"walker: {best_walker:,.1f} us; generated: {best_fast:,.1f} us; "
          f"{best_walker / best_fast:.2f}x faster")  # fmt: skip


if __name__ == "__main__":
    main()
