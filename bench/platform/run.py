"""`uv run task bench:platform`: the platform's own numbers, measured through the gateway.

Starts the whole platform as `task up` does (`shared.launcher`): the local store servers, every
store reset to the seed data, every subgraph and the gateway, under
bench/results/logs/platform/ and on ports from `--base-port`. The gateway runs in production
mode without the sign-in rate limit (10 per minute per address, which is otherwise what a
sign-in load would measure) and reads the composed supergraph file (no registry). Then, for
each flow (sign in, match tutors, a tutor's profile: the showcase, book a lesson):

1. cost: `--count` requests one after another, each answer checked for errors, with every
   subgraph's `subgraph_store_queries_total` and the gateway's subgraph fetch counts read
   before and after: store queries (per store and subgraph) and subgraph fetches per request;
2. load: wrk at each of `--connections`, `--warmup` seconds whose figures are dropped, then
   `--seconds` measured: req/s, p50 and p99, answers with errors, and the CPU the gateway, the
   subgraphs and the stores spent per request.

Booking takes a different free lesson per request (bench/platform/slots.py), so it measures
bookings rather than conflicts. Writes bench/results/<date>-platform.md and the block between
the `bench:platform` markers in docs/performance.md.

    uv run task bench:platform -- [--seconds 5] [--warmup 2] [--connections 1,10,50]
        [--count 20] [--flows sign-in,match,profile,book] [--base-port 4300] [--no-write]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import socket
import sys
from pathlib import Path
from typing import Any

from bench.platform.client import ask, send
from bench.platform.counters import Costs, settle, snapshot
from bench.platform.flows import (
    SIGN_IN,
    Flow,
    cycling,
    match_lines,
    profile_lines,
    sign_in_lines,
)
from bench.platform.load import listening_pids, measure, warm_up
from bench.platform.report import FlowResult, costs_table, load_table
from bench.platform.slots import BookingPool, free_lessons
from bench.runner.machine import machine
from bench.runner.setup import ensure_wrk
from bench.runner.targets import BENCH_DIR, REPO
from shared.launcher.platform import Launch, RunningPlatform, running_platform
from shared.launcher.services import SUBGRAPHS
from shared.seed import SEED_PASSWORD, students

__all__ = ["main"]

LOGS = BENCH_DIR / "results" / "logs"
MARKERS = ("<!-- bench:platform:start -->", "<!-- bench:platform:end -->")
LOAD_CPU = 0
FLOWS = ("sign-in", "match", "profile", "book")
# Students who book (each books every len(BOOKERS)-th lesson); signed in through the gateway.
BOOKERS = 10


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.platform",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add = parser.add_argument
    add("--seconds", type=float, default=5, help="wrk's measured seconds per run")
    add("--warmup", type=float, default=2, help="wrk's seconds before each measured run")
    add("--connections", default="1,10,50", help="comma-separated connection counts")
    add("--count", type=int, default=20, help="sequential requests per flow for the costs")
    add("--flows", default=",".join(FLOWS), help="comma-separated, of " + ", ".join(FLOWS))
    add("--weeks", type=int, default=8, help="weeks of free lessons to book from")
    add("--base-port", type=int, default=4300, help="gateway port; subgraphs on the next six")
    add("--data-dir", type=Path, default=LOGS / "platform", help="stores, logs, configuration")
    add("--no-write", action="store_true", help="print; write nothing to bench/results or docs")
    return parser


def _free(ports: list[int]) -> bool:
    for port in ports:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                return False
    return True


def _flows(gateway: str, wanted: list[str], weeks: int) -> list[Flow]:
    now = dt.datetime.now(dt.UTC)
    found: dict[str, Flow] = {}
    found["sign-in"] = cycling(
        "sign-in", "sign in", "`signIn(email, password)`: Argon2id check, token and user",
        sign_in_lines(), distinct=len(students()),
    )  # fmt: skip
    found["match"] = cycling(
        "match", "match tutors",
        "`matchTutors(subject, level, first: 10)`: tutor, name, rate, rating, matched subject",
        match_lines(), distinct=150,
    )  # fmt: skip
    found["profile"] = cycling(
        "profile", "tutor profile (showcase)",
        "docs/showcase.graphql: profile, user, subjects, rating, 5 latest reviews with their "
        "authors, next week's availability",
        profile_lines(now), distinct=200,
    )  # fmt: skip
    if "book" in wanted:
        found["book"] = _booking(gateway, now, weeks)
    return [found[key] for key in wanted]


def _booking(gateway: str, now: dt.datetime, weeks: int) -> Flow:
    def gateway_ask(query: str, variables: dict[str, Any]) -> Any:
        return ask(gateway, query, variables)

    tokens = []
    for student in students()[:BOOKERS]:
        signed = gateway_ask(SIGN_IN, {"email": student.email, "password": SEED_PASSWORD})
        tokens.append(signed["signIn"]["token"])
    pool = BookingPool(free_lessons(gateway_ask, now=now, weeks=weeks), tokens)
    print(f"  book: {pool.size:,} free 30-minute lessons over {weeks} weeks", flush=True)
    return Flow(
        key="book",
        label="book a lesson",
        what="`bookLesson(input)`: a free 30-minute lesson, each once; id, status, times, "
        "tutor's headline and name",
        take=pool.take,
        for_load=pool.rest,
        sent=pool.used,
    )


def _costs(flow: Flow, gateway: str, bases: dict[str, str], count: int) -> tuple[Costs, int]:
    """Store queries and fetches per request over `count` sequential requests; and how many
    answers had errors."""
    lines = flow.take(count)
    settle(gateway.removesuffix("/graphql"))
    before = snapshot(gateway.removesuffix("/graphql"), bases)
    failed = 0
    for line in lines:
        answer = send(gateway, line)
        if answer.get("errors") or not answer.get("data"):
            failed += 1
            if failed == 1:
                print(f"    {flow.key}: an answer with errors: {str(answer)[:300]}", flush=True)
    after = snapshot(gateway.removesuffix("/graphql"), bases)
    return Costs.between(before, after, len(lines)), failed


def _run_flow(
    flow: Flow,
    running: RunningPlatform,
    args: argparse.Namespace,
    wrk: str,
    pids: dict[str, list[int]],
) -> FlowResult:
    assert running.gateway is not None
    gateway = f"{running.gateway.url}/graphql"
    bases = {s.name: s.url for s in running.subgraphs}
    costs, failed = _costs(flow, gateway, bases, args.count)
    runs = []
    for connections in (int(c) for c in args.connections.split(",")):
        settle(running.gateway.url)
        if args.warmup > 0:
            flow.sent(warm_up(wrk, gateway, flow.for_load(), connections=connections,
                              seconds=args.warmup, cpu=LOAD_CPU))  # fmt: skip
        settle(running.gateway.url)  # the warm-up's last requests, still in flight
        run, sent = measure(wrk, gateway, flow.for_load(), connections=connections,
                            seconds=args.seconds, cpu=LOAD_CPU, pids=pids)  # fmt: skip
        flow.sent(sent)
        print(f"  {flow.key} at {connections}: {run.rps:,.1f} req/s, p99 {run.p99_ms:,.1f} ms, "
              f"{run.errors} errors", flush=True)  # fmt: skip
        runs.append(run)
    return FlowResult(key=flow.key, label=flow.label, what=flow.what, costs=costs,
                      checked=costs.requests, failed=failed, runs=tuple(runs))  # fmt: skip


def main() -> None:
    args = _parser().parse_args()
    wanted = [key for key in args.flows.split(",") if key]
    unknown = set(wanted) - set(FLOWS)
    if unknown:
        raise SystemExit(f"unknown flows: {', '.join(sorted(unknown))}")
    ports = [args.base_port + n for n in range(len(SUBGRAPHS) + 1)]
    if not _free(ports):
        raise SystemExit(f"ports {ports[0]}-{ports[-1]} are not all free: pass --base-port")
    wrk = ensure_wrk()
    load_before = os.getloadavg()
    launch = Launch(data_dir=args.data_dir, base_port=args.base_port, seeding="reset",
                    registry=False, dev=False, rate_limits=False)  # fmt: skip
    print("Starting the platform (stores reset to the seed data) ...", flush=True)
    results: list[FlowResult] = []
    with running_platform(launch, say=_say) as running:
        assert running.gateway is not None, "the gateway did not start"
        gateway = f"{running.gateway.url}/graphql"
        stores = running.stores
        pids = listening_pids({
            "gateway": [running.gateway.port],
            "subgraphs": [s.port for s in running.subgraphs],
            "stores": [stores.postgres_port, stores.bolt_port, stores.redis_port,
                       stores.mongo_port, stores.stripe_port],
        })  # fmt: skip
        for flow in _flows(gateway, wanted, args.weeks):
            print(f"{flow.label}:", flush=True)
            results.append(_run_flow(flow, running, args, wrk, pids))
    load_after = os.getloadavg()
    text = _render(args, results, wrk, (load_before, load_after))
    print(text)
    if not args.no_write:
        _write(text)
    if any(r.failed for r in results):
        sys.exit(1)


def _say(line: str) -> None:
    print(line, flush=True)


def _render(
    args: argparse.Namespace,
    results: list[FlowResult],
    wrk: str,
    load: tuple[tuple[float, float, float], tuple[float, float, float]],
) -> str:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    before, after = (", ".join(f"{x:.2f}" for x in avg) for avg in load)
    flows = "\n".join(f"- **{r.label}**: {r.what}" for r in results)
    return f"""### Platform results {now}

Machine: {machine(wrk)}. Load average (1, 5, 15 min): {before} at start, {after} at the end.
The machine is shared and noisy (other engineers' test runs): compare figures within one run.
Method: the whole platform on this machine (3 store servers, 4 subgraphs, the gateway in
production mode with 1 worker, nothing pinned) and wrk (1 thread) pinned to CPU {LOAD_CPU}; per
flow and connection count {args.warmup:g} s of warm-up, then {args.seconds:g} s measured; every
answer checked for GraphQL errors. Costs: {args.count} sequential requests per flow, counters
read from every /metrics before and after.

{flows}

{load_table(results)}

Per request (store queries from each subgraph's `subgraph_store_queries_total`, subgraph
fetches from the gateway's `gateway_subgraph_fetch_duration_seconds_count`):

{costs_table(results)}
"""


def _write(text: str) -> None:
    date = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    results = BENCH_DIR / "results" / f"{date}-platform.md"
    results.write_text(f"# Platform benchmark {date}\n\n{text}", encoding="utf-8")
    print(f"wrote {results.relative_to(REPO)}", flush=True)
    docs = REPO / "docs" / "performance.md"
    current = docs.read_text(encoding="utf-8")
    start, end = MARKERS
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.DOTALL)
    if pattern.search(current):
        docs.write_text(pattern.sub(lambda _m: f"{start}\n{text}\n{end}", current),
                        encoding="utf-8")  # fmt: skip


if __name__ == "__main__":
    main()
