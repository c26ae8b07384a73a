"""`uv run task bench:subscriptions`: N subscribers through one gateway process.

Starts the `events` and `catalog` subgraphs (and, for the throughput part, the heavy query's
four) on the load core, composes their supergraph, and for each mode starts a fresh gateway on
its own core; then, with this process as the N clients (one WebSocket connection and one
subscription each):

1. warm-up: one subscription, one event (plans, pools, code paths), closed again;
2. gateway RSS, then N subscriptions opened; RSS again once the events subgraph has all N;
3. E events, each emitted when every subscriber has the one before (plus `--gap`): delivery
   latency = receive time - the emit time the event carries; every delivery checked;
4. the heavy query under wrk with the N subscriptions open and idle, with events emitted at
   `--rate` per second (also checked), and with none open (after the clients left, every
   upstream subscription must end too): `--rounds` rounds, the order alternating
   (bench/subscriptions/throughput.py).

Modes: `identical` (every subscriber sends the same variables: the subscriptions a gateway
could share upstream) and `distinct` (variables per subscriber, so every event's entity fetch
differs too).  A wrong or missing event is a failure: it is listed and the exit code is 1.

    uv run task bench:subscriptions -- [--subscribers 1000] [--events 20] [--mode both]
        [--no-throughput] [--rounds 2] [--rate 1] [--json FILE] [--no-write]
        [--py-spy] [--trace-memory] [--gc]       (probes: results file only, see --help)
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import re
import sys
from pathlib import Path

import aiohttp
import uvloop

from bench.runner.machine import machine
from bench.runner.setup import ensure_wrk
from bench.runner.targets import BENCH_DIR, REPO
from bench.subscriptions.control import Settings
from bench.subscriptions.phases import run_mode
from bench.subscriptions.report import ModeReport, render
from bench.subscriptions.stack import Stack, cpus, started_stack

__all__ = ["main"]

LOGS = BENCH_DIR / "results" / "logs"
MARKERS = ("<!-- bench:subscriptions:start -->", "<!-- bench:subscriptions:end -->")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.subscriptions",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add = parser.add_argument
    add("--subscribers", type=int, default=1000, help="connections, one subscription each")
    add("--events", type=int, default=20, help="events of the fan-out part")
    add("--mode", choices=["identical", "distinct", "both"], default="both")
    add("--gap", type=float, default=0.2, help="seconds between a fan-out and the next emit")
    add("--settle", type=float, default=1, help="seconds idle before each RSS reading")
    add("--timeout", type=float, default=60, help="seconds an opening or a fan-out may take")
    add("--no-throughput", action="store_true", help="skip the heavy-query part (no wrk)")
    add("--rounds", type=int, default=2, help="throughput rounds, each measuring every state")
    add("--rate", type=float, default=1, help="events per second while wrk runs")
    add("--seconds", type=float, default=10, help="wrk's measured seconds per state")
    add("--warmup", type=float, default=3, help="wrk's warm-up seconds per state")
    add("--connections", type=int, default=50, help="wrk's connections")
    add("--py-spy", action="store_true", help="sample the gateway with py-spy in the fan-out")
    add("--trace-memory", action="store_true",
        help="gateway under tracemalloc: which lines hold each subscription's memory "
             "(slows the gateway: its timings are not comparable)")  # fmt: skip
    add("--gc", action="store_true",
        help="time the gateway's garbage collections in each throughput run")  # fmt: skip
    add("--logs", type=Path, default=LOGS, help="process logs and the composed supergraph")
    add("--json", type=Path, help="also write the results as JSON here")
    add("--no-write", action="store_true", help="print; write nothing to bench/results or docs")
    return parser


def main() -> None:
    args = _parser().parse_args()
    settings = Settings(
        subscribers=args.subscribers, events=args.events, gap=args.gap, settle=args.settle,
        timeout=args.timeout, throughput=not args.no_throughput, rounds=args.rounds,
        rate=args.rate, seconds=args.seconds, warmup=args.warmup, connections=args.connections,
        profile=args.py_spy, trace_memory=args.trace_memory, gc=args.gc,
    )  # fmt: skip
    chosen = cpus()
    os.sched_setaffinity(0, {chosen.load})
    wrk = ensure_wrk() if settings.throughput else None
    load_before = os.getloadavg()
    modes = [False, True] if args.mode == "both" else [args.mode == "distinct"]
    with started_stack(args.logs, chosen, heavy=settings.throughput) as stack:
        reports = [uvloop.run(_mode(settings, stack, distinct, wrk)) for distinct in modes]
    load_after = os.getloadavg()
    text = _render(settings, stack, reports, wrk, (load_before, load_after))
    print(text)
    if args.json is not None:
        data = {"ok": all(r.ok for r in reports), "load_average": [load_before, load_after],
                "reports": [{**dataclasses.asdict(r), "ok": r.ok} for r in reports]}  # fmt: skip
        args.json.write_text(json.dumps(data, indent=1), encoding="utf-8")
    if not args.no_write:
        probes = (["py-spy"] * settings.profile + ["tracemalloc"] * settings.trace_memory
                  + ["gc"] * settings.gc)  # fmt: skip
        _write(text, probes)
    if not all(r.ok for r in reports):
        sys.exit(1)


async def _mode(settings: Settings, stack: Stack, distinct: bool, wrk: str | None) -> ModeReport:
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        report = await run_mode(settings, stack, session, distinct=distinct, wrk=wrk)
    print(f"  {report.mode}: {report.delivered:,}/{report.expected:,} delivered, "
          f"p99 {report.latency.p99:.1f} ms", flush=True)  # fmt: skip
    return report


def _render(
    settings: Settings,
    stack: Stack,
    reports: list[ModeReport],
    wrk: str | None,
    load: tuple[tuple[float, float, float], tuple[float, float, float]],
) -> str:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    before, after = (", ".join(f"{x:.2f}" for x in avg) for avg in load)
    throughput = (
        f"Throughput: wrk (1 thread, {settings.connections} connections) on the heavy query, "
        f"{settings.warmup:g} s warm-up then {settings.seconds:g} s per state; while it runs "
        f"with events flowing, one event every {1 / settings.rate:g} s."
        if settings.throughput else "Throughput: not measured (--no-throughput)."
    )  # fmt: skip
    traced = ("\n**The gateway ran under tracemalloc: its timings and RSS are inflated.**\n"
              if settings.trace_memory else "")  # fmt: skip
    parts = [
        f"### Subscription results {now}",
        "",
        f"Machine: {machine(wrk)}. Load average (1, 5, 15 min): {before} at start, "
        f"{after} at the end.",
        f"Method: gateway (1 worker) on CPU {stack.cpus.gateway}; subgraphs, the "
        f"{settings.subscribers:,} subscribers (one connection each, this process)"
        f"{' and wrk' if settings.throughput else ''} on CPU {stack.cpus.load}. "
        f"{settings.events} events per mode, each emitted {settings.gap:g} s after every "
        f"subscriber had the previous one. {throughput}",
        traced,
        render(reports),
    ]
    for report in reports:
        if report.profile:
            parts += ["", f"#### py-spy, gateway, fan-out ({report.mode})", "", report.profile]
        if report.memory:
            parts += ["", f"#### tracemalloc, gateway, N open ({report.mode})", "", report.memory]
    return "\n".join(parts)


def _write(text: str, probes: list[str]) -> None:
    """bench/results/<date>-subscriptions.md and the block in docs/performance.md; a run with
    py-spy or tracemalloc attached writes bench/results/<date>-subscriptions-<probes>.md only
    (the probes disturb its figures)."""
    date = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    name = "-".join([f"{date}-subscriptions", *probes]) + ".md"
    results = BENCH_DIR / "results" / name
    results.write_text(f"# Subscription benchmark {date}\n\n{text}\n", encoding="utf-8")
    print(f"wrote {results.relative_to(REPO)}", flush=True)
    if probes:
        return
    docs = REPO / "docs" / "performance.md"
    current = docs.read_text(encoding="utf-8")
    start, end = MARKERS
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.DOTALL)
    if pattern.search(current):
        updated = pattern.sub(lambda _m: f"{start}\n{text}\n{end}", current)
        docs.write_text(updated, encoding="utf-8")


if __name__ == "__main__":
    main()
