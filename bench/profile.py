"""`python -m bench.profile`: where our gateway's time goes under the benchmark's load.

Starts the bench subgraphs and our gateway (pinned as in bench/run.py), keeps wrk's 50
connections on the heavy query, samples the gateway with py-spy (`py-spy` on PATH, else
`uvx py-spy`), and prints the top functions by own time and by inclusive time.

    uv run python -m bench.profile [--seconds 15] [--top 25]
"""

from __future__ import annotations

import argparse
import collections
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from bench.run import GATEWAY_CPU, GATEWAY_PORT, HEAVY, LOAD_CPU, LOGS, SUPERGRAPH, _body, _start
from bench.runner.load import run_wrk
from bench.runner.processes import Pinned, wait_for_port
from bench.runner.setup import ensure_native, ensure_wrk
from bench.runner.targets import REPO, SUBGRAPHS_PORT, gateway_targets


def py_spy() -> list[str]:
    found = shutil.which("py-spy")
    return [found] if found else ["uvx", "py-spy"]


def aggregate(raw: Path, top: int) -> str:
    own: collections.Counter[str] = collections.Counter()
    inclusive: collections.Counter[str] = collections.Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack:
            continue
        count = int(count_text)
        total += count
        frames = [frame.split(" (")[0] + " (" + frame.split(" (")[-1].split(":")[0] + ")"
                  for frame in stack.split(";")]  # fmt: skip
        own[frames[-1]] += count
        for frame in set(frames):
            inclusive[frame] += count
    lines = [f"{total} samples", "", "| own % | function (file) |", "|---|---|"]
    lines += [f"| {n * 100 / total:.1f} | `{f}` |" for f, n in own.most_common(top)]
    lines += ["", "| inclusive % | function (file) |", "|---|---|"]
    lines += [f"| {n * 100 / total:.1f} | `{f}` |" for f, n in inclusive.most_common(top)]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument(
        "--target", default="ours", help="one of our targets' keys (bench/runner/targets.py)"
    )
    parser.add_argument(
        "--native", action="store_true",
        help="sample C frames too (the compiled hot path, orjson, uvloop); pauses the gateway "
        "at each sample, so it runs slower meanwhile",
    )  # fmt: skip
    parser.add_argument("--raw", type=Path, help="also keep py-spy's raw samples in this file")
    args = parser.parse_args()
    os.sched_setaffinity(0, {LOAD_CPU})
    LOGS.mkdir(parents=True, exist_ok=True)
    wrk = ensure_wrk()
    ensure_native()
    subgraphs = Pinned(argv=(sys.executable, "-m", "bench.subgraphs", "--port",
                             str(SUBGRAPHS_PORT)), cpu=LOAD_CPU, cwd=REPO)  # fmt: skip
    subgraphs.start()
    ours = next(t for t in gateway_targets() if t.key == args.target)
    gateway: Pinned | str | None = None
    try:
        assert wait_for_port(SUBGRAPHS_PORT, subgraphs), "subgraphs did not start"
        gateway = _start(ours, SUPERGRAPH)
        assert not isinstance(gateway, str), gateway
        url = f"http://127.0.0.1:{GATEWAY_PORT}{ours.path}"
        run_wrk(wrk, url, _body(HEAVY), seconds=3, connections=50, cpu=LOAD_CPU)
        load = threading.Thread(target=run_wrk, args=(wrk, url, _body(HEAVY)),
                                kwargs={"seconds": args.seconds + 4, "connections": 50,
                                        "cpu": LOAD_CPU})  # fmt: skip
        load.start()
        with tempfile.TemporaryDirectory() as folder:
            raw = Path(folder) / "profile.txt"
            subprocess.run(  # noqa: S603 - py-spy with our own arguments
                [*py_spy(), "record", "--pid", str(gateway.pid), "--duration",
                 str(args.seconds), "--rate", "250", "--format", "raw", "--output", str(raw),
                 # C frames need the process paused while its stack is read.
                 *(["--native"] if args.native else ["--nonblocking"])],
                check=True, capture_output=True,
            )  # fmt: skip
            load.join()
            print(f"gateway on CPU {GATEWAY_CPU}, 50 connections, heavy query, "
                  f"{args.seconds} s of py-spy samples at 250 Hz\n")  # fmt: skip
            print(aggregate(raw, args.top))
            if args.raw:
                shutil.copyfile(raw, args.raw)
    finally:
        if isinstance(gateway, Pinned):
            gateway.stop()
        subgraphs.stop()


if __name__ == "__main__":
    main()
