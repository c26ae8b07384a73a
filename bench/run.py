"""`uv run task bench`: our gateway against Apollo Gateway, Hive Gateway and Grafbase, side by side.

Starts the bench subgraphs (one process, CPU 0), then for each target in two interleaved
rounds (the second in reverse order: `round_order`): starts it on CPU 1, checks its answer
to the heavy query against the expected one (a wrong answer is reported as failed), warms up,
measures with wrk (CPU 0, 50 connections), and stops it.  Then the scale series (10 to 10,000
entities, one connection).  Writes bench/results/<date>.md and the latest table into
docs/performance.md.

    uv run task bench -- [--seconds 10] [--warmup 3] [--rounds 2] [--only ours,apollo]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import subprocess
import sys
from functools import partial
from pathlib import Path

import psutil  # type: ignore[import-untyped]

from bench.memory import request_peak_kb
from bench.runner.load import check_answer, measure, subgraph_calls
from bench.runner.planning import planning_ms
from bench.runner.processes import Pinned, tree_rss, wait_for_port
from bench.runner.report import Row, ScalePoint, main_table, scale_table, worst_against_best
from bench.runner.setup import NODE, ensure_js, ensure_native, ensure_wrk
from bench.runner.targets import (
    BENCH_DIR,
    CEILING,
    REPO,
    SUBGRAPHS_PORT,
    Target,
    gateway_targets,
    round_order,
)
from bench.subgraphs.scale import scale_query

GATEWAY_CPU, LOAD_CPU = 1, 0
SUBGRAPHS_URL = f"http://127.0.0.1:{SUBGRAPHS_PORT}"
GATEWAY_PORT = 4100
SUPERGRAPH = BENCH_DIR / "subgraphs" / "supergraph.graphql"
SCALE_SUPERGRAPH = BENCH_DIR / "subgraphs" / "scale.graphql"
HEAVY = (BENCH_DIR / "queries" / "heavy.graphql").read_text(encoding="utf-8")
EXPECTED = json.loads((BENCH_DIR / "queries" / "heavy.expected.json").read_text(encoding="utf-8"))
SIZES = (10, 100, 1_000, 10_000)
LOGS = BENCH_DIR / "results" / "logs"


def _body(query: str) -> bytes:
    return json.dumps({"query": query}).encode()


def _start(target: Target, supergraph: Path) -> Pinned | str:
    argv, env = target.command(supergraph, GATEWAY_PORT)
    cpu = GATEWAY_CPU if target.cpus is None else target.cpus
    process = Pinned(argv=argv, cpu=cpu, cwd=target.cwd, env=env,
                     log=LOGS / f"{target.key}.log")  # fmt: skip
    process.start()
    if not wait_for_port(GATEWAY_PORT, process):
        process.stop()
        return f"did not start (see bench/results/logs/{target.key}.log)"
    return process


def _measure_target(target: Target, args: argparse.Namespace, wrk: str, subgraphs: Pinned) -> Row:
    dedup = "on" if target.dedup else "off"
    if target.argv is None:
        url, process = f"http://127.0.0.1:{SUBGRAPHS_PORT}{target.path}", None
        pid = subgraphs.pid
    else:
        started = _start(target, SUPERGRAPH)
        if isinstance(started, str):
            return Row(key=target.key, label=target.label, dedup=dedup, failure=started)
        url, process, pid = f"http://127.0.0.1:{GATEWAY_PORT}{target.path}", started, started.pid
    try:
        wrong = check_answer(url, _body(HEAVY), EXPECTED)
        if wrong:
            return Row(key=target.key, label=target.label, dedup=dedup, failure=wrong)
        # The ceiling answers from one route: it makes no subgraph calls to count.
        counter = None if process is None else partial(subgraph_calls, SUBGRAPHS_URL)
        run = measure(wrk, url, _body(HEAVY), pid=pid, seconds=args.seconds, warmup=args.warmup,
                      connections=args.connections, load_cpu=LOAD_CPU,
                      subgraph_calls=counter)  # fmt: skip
        print(f"  {target.label}: {run.rps:,.0f} req/s, p99 {run.p99_ms:.1f} ms", flush=True)
        return Row(key=target.key, label=target.label, dedup=dedup, runs=(run,))
    finally:
        if process is not None:
            process.stop()


def _merge(rows: list[Row], new: Row) -> None:
    for i, row in enumerate(rows):
        if row.key == new.key:
            failure = row.failure or new.failure
            rows[i] = Row(key=row.key, label=row.label, dedup=row.dedup, failure=failure,
                          runs=(*row.runs, *new.runs))  # fmt: skip
            return
    rows.append(new)


def _scale(targets: list[Target], args: argparse.Namespace, wrk: str) -> list[ScalePoint]:
    points: list[ScalePoint] = []
    for target in targets:
        started = _start(target, SCALE_SUPERGRAPH)
        if isinstance(started, str):
            failed = ScalePoint(target=target.label, entities=0, measurement=None,
                                rss_before_mb=0, planning_ms=None, failure=started)  # fmt: skip
            points.append(failed)
            continue
        try:
            for size in SIZES:
                body = _body(scale_query(size))
                from bench.runner.load import post  # local: only the scale series needs it

                _, direct = post(f"http://127.0.0.1:{SUBGRAPHS_PORT}/scale-direct", body)
                ours = target.key == "ours"
                plan = planning_ms(SCALE_SUPERGRAPH, scale_query(size)) if ours else None
                memory = request_peak_kb(SCALE_SUPERGRAPH, scale_query(size)) if ours else None
                url = f"http://127.0.0.1:{GATEWAY_PORT}{target.path}"
                wrong = check_answer(url, body, json.loads(direct))
                before = tree_rss(started.pid) / 2**20
                if wrong:
                    points.append(ScalePoint(target=target.label, entities=size, measurement=None,
                                             rss_before_mb=before, planning_ms=plan,
                                             failure=wrong))  # fmt: skip
                    continue
                run = measure(wrk, url, body, pid=started.pid, seconds=args.scale_seconds,
                              warmup=1, connections=1, load_cpu=LOAD_CPU)  # fmt: skip
                print(f"  scale {target.label} n={size}: p50 {run.p50_ms:.1f} ms", flush=True)
                points.append(ScalePoint(target=target.label, entities=size, measurement=run,
                                         rss_before_mb=before, planning_ms=plan,
                                         request_kb=memory))  # fmt: skip
        finally:
            started.stop()
    return points


def _machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    node = subprocess.run([str(NODE), "--version"], capture_output=True, text=True).stdout.strip()  # noqa: S603 - the bundled node, fixed arguments
    wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True)  # noqa: S607 - wrk from PATH, installed by the bench setup
    wrk_version = (wrk.stdout + wrk.stderr).split("\n", 1)[0].strip()
    memory = psutil.virtual_memory().total / 2**30
    return (f"{platform.node()}: {os.cpu_count()} CPUs ({cpu}), {memory:.1f} GiB RAM, "
            f"Linux {platform.release()}; Python {platform.python_version()}, Node {node}, "
            f"{wrk_version}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--scale-seconds", type=float, default=5)
    parser.add_argument("--only", help="comma-separated target keys (ceiling, ours, apollo, ...)")
    parser.add_argument("--no-scale", action="store_true")
    parser.add_argument("--no-write", action="store_true", help="print, write no files")
    args = parser.parse_args()
    os.sched_setaffinity(0, {LOAD_CPU})
    LOGS.mkdir(parents=True, exist_ok=True)
    wrk = ensure_wrk()
    ensure_js()
    ensure_native()
    targets = [CEILING, *gateway_targets()]
    if args.only:
        keys = set(args.only.split(","))
        targets = [target for target in targets if target.key in keys]
    subgraphs = Pinned(argv=(sys.executable, "-m", "bench.subgraphs", "--port",
                             str(SUBGRAPHS_PORT)), cpu=LOAD_CPU, cwd=REPO,
                       log=LOGS / "subgraphs.log")  # fmt: skip
    subgraphs.start()
    if not wait_for_port(SUBGRAPHS_PORT, subgraphs):
        raise SystemExit("the bench subgraphs did not start (bench/results/logs/subgraphs.log)")
    rows: list[Row] = []
    try:
        for round_number in range(1, args.rounds + 1):
            print(f"round {round_number}", flush=True)
            for target in round_order(targets, round_number):
                _merge(rows, _measure_target(target, args, wrk, subgraphs))
        position = {target.key: index for index, target in enumerate(targets)}
        rows.sort(key=lambda row: position[row.key])
        scale_targets = [t for t in targets if t.key in {"ours", "apollo", "hive_rr", "grafbase"}]
        points = [] if args.no_scale else _scale(scale_targets, args, wrk)
    finally:
        subgraphs.stop()
    heavy_plan = planning_ms(SUPERGRAPH, HEAVY)
    baselines = {"Apollo Gateway": "apollo", "Hive Gateway": "hive",
                 "Hive Gateway + router-runtime": "hive_rr", "Grafbase": "grafbase"}  # fmt: skip
    table = main_table(rows, baselines) + "\n\n" + worst_against_best(rows, "ours", "grafbase")
    text = _render(args, table, scale_table(points), heavy_plan)
    print(text)
    if not args.no_write:
        _write(text)


def _render(args: argparse.Namespace, table: str, scale: str, heavy_plan: float) -> str:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"""## Results {now}

Machine: {_machine()}.
Method: gateway on CPU {GATEWAY_CPU}; wrk (1 thread) and the subgraphs on CPU {LOAD_CPU};
{args.connections} connections, {args.warmup:g} s warmup then {args.seconds:g} s measured per
run; {args.rounds} interleaved rounds, every other one in reverse order (mean, min-max). Heavy
query: bench/queries/heavy.graphql (~88 KB answer), checked JSON-equal to
bench/queries/heavy.expected.json before measuring.

{table}

Our planner on the heavy query, first request (fresh planner, parse + validate + plan):
{heavy_plan:.2f} ms.

### Scale series (one connection, {args.scale_seconds:g} s per point)

{scale}
"""


def _write(text: str) -> None:
    date = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    (BENCH_DIR / "results" / f"{date}.md").write_text(f"# Benchmark {date}\n\n{text}")
    docs = REPO / "docs" / "performance.md"
    current = docs.read_text(encoding="utf-8")
    start, end = "<!-- bench:latest:start -->", "<!-- bench:latest:end -->"
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.DOTALL)
    docs.write_text(pattern.sub(lambda _m: f"{start}\n{text}\n{end}", current), encoding="utf-8")


if __name__ == "__main__":
    main()
