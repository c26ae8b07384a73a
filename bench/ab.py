"""`python -m bench.ab --base REV`: this tree against another revision, served side by side.

On this shared machine the speed of a core swings by a third within minutes, so rounds of one
gateway after another compare the machine as much as the code.  Here both gateways run at
the same time on the same core (CPU 1), each under its own wrk (50 connections, heavy query,
CPU 0 with the subgraphs): the scheduler gives each half the core, and whatever the machine
does falls on both alike.  Each round reports both gateways' CPU time per request (their own
processes' user + system time over the round, read from /proc); the figure is the ratio.

The other revision is checked out into a temporary git worktree and its hot path compiled
there (`python -m gateway native build`); both answers to the heavy query are checked against
bench/queries/heavy.expected.json first.  Nothing is written; the worktree is removed after.

    uv run python -m bench.ab --base HEAD~1 [--rounds 5] [--seconds 15]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from bench.run import EXPECTED, HEAVY, LOGS
from bench.runner.load import check_answer, run_wrk
from bench.runner.processes import Pinned, tree_cpu_seconds, wait_for_port
from bench.runner.setup import ensure_wrk
from bench.runner.targets import REPO, SUBGRAPHS_PORT

GATEWAY_CPU = 1
LOAD_CPU = 0
PORTS = {"this tree": 4101, "base": 4102}


def _gateway(tree: Path, port: int, name: str) -> Pinned:
    argv = (sys.executable, "-m", "gateway", "serve", "--config", "bench/gateway.yaml",
            "--port", str(port))  # fmt: skip
    return Pinned(argv=argv, cpu=GATEWAY_CPU, cwd=tree, log=LOGS / f"ab-{name}.log")


def _round(wrk: str, body: bytes, gateways: dict[str, Pinned], seconds: float) -> dict[str, float]:
    """CPU microseconds per request of each gateway, both loaded at once."""
    results: dict[str, dict[str, int]] = {}

    def load(name: str, duration: float) -> None:
        url = f"http://127.0.0.1:{PORTS[name]}/graphql"
        results[name] = run_wrk(wrk, url, body, seconds=duration, connections=50, cpu=LOAD_CPU)

    def together(duration: float) -> None:
        threads = [threading.Thread(target=load, args=(name, duration)) for name in gateways]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    together(3)  # warmup
    before = {name: tree_cpu_seconds(process.pid) for name, process in gateways.items()}
    together(seconds)
    return {
        name: 1e6
        * (tree_cpu_seconds(process.pid) - before[name])
        / max(results[name]["requests"], 1)
        for name, process in gateways.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.ab", description=__doc__)
    parser.add_argument("--base", required=True, help="the git revision to compare against")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=15.0)
    args = parser.parse_args()
    wrk = ensure_wrk()
    LOGS.mkdir(parents=True, exist_ok=True)
    body = json.dumps({"query": HEAVY}).encode()
    with tempfile.TemporaryDirectory(prefix="bench-ab-") as scratch:
        base = Path(scratch) / "base"
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(base), args.base],  # noqa: S603, S607 - git from PATH, our own argv
                       cwd=REPO, check=True)  # fmt: skip
        processes: list[Pinned] = []
        try:
            for tree in (REPO, base):
                subprocess.run([sys.executable, "-m", "gateway", "native", "build"], cwd=tree,
                               check=True, capture_output=True)  # fmt: skip
            subgraphs = Pinned(argv=(sys.executable, "-m", "bench.subgraphs", "--port",
                                     str(SUBGRAPHS_PORT)), cpu=LOAD_CPU, cwd=REPO,
                               log=LOGS / "ab-subgraphs.log")  # fmt: skip
            processes.append(subgraphs)
            subgraphs.start()
            if not wait_for_port(SUBGRAPHS_PORT, subgraphs):
                raise SystemExit("the bench subgraphs did not start (bench/results/logs)")
            gateways = {
                "this tree": _gateway(REPO, PORTS["this tree"], "this"),
                "base": _gateway(base, PORTS["base"], "base"),
            }
            for name, gateway in gateways.items():
                processes.append(gateway)
                gateway.start()
                if not wait_for_port(PORTS[name], gateway):
                    raise SystemExit(f"{name}: the gateway did not start (bench/results/logs)")
                wrong = check_answer(f"http://127.0.0.1:{PORTS[name]}/graphql", body, EXPECTED)
                if wrong is not None:
                    raise SystemExit(f"{name}: {wrong}")
            print(f"this tree against {args.base}, both on CPU {GATEWAY_CPU} at once; "
                  "CPU us per request", flush=True)  # fmt: skip
            ratios = []
            for number in range(1, args.rounds + 1):
                cost = _round(wrk, body, gateways, args.seconds)
                ratio = cost["this tree"] / cost["base"]
                ratios.append(ratio)
                print(f"round {number}: this tree {cost['this tree']:,.0f}, base "
                      f"{cost['base']:,.0f}: {ratio:.2f}x", flush=True)  # fmt: skip
            print(f"median: this tree costs {statistics.median(ratios):.2f}x the base's CPU "
                  "per request")  # fmt: skip
        finally:
            for process in reversed(processes):
                process.stop()
            subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=REPO,  # noqa: S603, S607 - git from PATH, our own argv
                           check=False)  # fmt: skip


if __name__ == "__main__":
    main()
