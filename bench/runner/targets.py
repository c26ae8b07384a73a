"""The gateways measured: how to start each one, where it answers, what it is compared as."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.runner.setup import JS_DIR, NODE

__all__ = ["BENCH_DIR", "CEILING", "REPO", "SUBGRAPHS_PORT", "Target", "gateway_targets"]

BENCH_DIR = Path(__file__).resolve().parent.parent
REPO = BENCH_DIR.parent
SUBGRAPHS_PORT = 4200  # the routing URLs in bench/subgraphs/*.graphql point here


@dataclass(frozen=True, slots=True, kw_only=True)
class Target:
    key: str
    label: str
    # None: nothing to start (the subgraphs themselves answer, on their own port).
    argv: tuple[str, ...] | None
    env: tuple[tuple[str, str], ...] = ()
    path: str = "/graphql"
    dedup: bool = False
    cwd: Path = REPO
    # The cores the target may use (taskset's list); None: the gateway's one core.
    cpus: str | None = None

    def command(self, supergraph: Path, port: int) -> tuple[tuple[str, ...], dict[str, str]]:
        assert self.argv is not None
        argv = tuple(
            part.replace("{supergraph}", str(supergraph)).replace("{port}", str(port))
            for part in self.argv
        )
        env = {**dict(self.env), "SUPERGRAPH": str(supergraph), "PORT": str(port)}
        return argv, env


CEILING = Target(key="ceiling", label="subgraphs directly (ceiling)", argv=None, path="/direct")

_NODE_ENV = (("NODE_ENV", "production"),)


def _hive(key: str, label: str, *, router_runtime: bool, dedup: bool) -> Target:
    env = (*_NODE_ENV, ("ROUTER_RUNTIME", "1" if router_runtime else "0"),
           ("DEDUP", "1" if dedup else "0"))  # fmt: skip
    return Target(key=key, label=label, argv=(str(NODE), "hive.mjs"), env=env, cwd=JS_DIR,
                  dedup=dedup)  # fmt: skip


def gateway_targets() -> tuple[Target, ...]:
    """Plain execution first, then the inbound-dedup rows (reported separately)."""
    ours = Target(
        key="ours",
        label="ours (1 worker)",
        argv=(sys.executable, "-m", "gateway", "serve", "--config", str(BENCH_DIR / "gateway.yaml"),
              "--supergraph", "{supergraph}", "--port", "{port}", "--workers", "1"),
    )  # fmt: skip
    apollo = Target(key="apollo", label="Apollo Gateway", argv=(str(NODE), "apollo.mjs"),
                    env=_NODE_ENV, path="/", cwd=JS_DIR)  # fmt: skip
    # Our subgraph-fetch dedup (on by default) merges identical in-flight subgraph calls, as
    # Hive Gateway's HTTP transport does by default (@graphql-tools/executor-http's
    # `deduplicateInflightRequests`); Apollo Gateway does not.  `ours` is therefore the row to
    # compare with Hive; this one shows what execution costs without it.
    ours_plain = Target(
        key="ours_no_fetch_dedup", label="ours (1 worker), subgraph-fetch dedup off",
        argv=ours.argv, env=(("GATEWAY__SUBGRAPHS__DEDUPLICATE_FETCHES", "false"),),
    )  # fmt: skip
    # The same gateway without its compiled hot path (gateway.native): what compiling buys.
    ours_python = Target(key="ours_python", label="ours (1 worker), plain Python",
                         argv=ours.argv, env=(("GATEWAY_NATIVE", "0"),))  # fmt: skip
    # `--workers 2` on both cores, which wrk and the subgraphs use too (this machine has two):
    # how the same gateway scales from one worker to two, beside the single-core rows.
    ours_two = Target(
        key="ours_2",
        label="ours (2 workers, both cores, shared with the load)",
        argv=(*ours.argv[:-1], "2"),
        cpus="0,1",
    )
    return (
        ours,
        ours_two,
        ours_python,
        ours_plain,
        apollo,
        _hive("hive", "Hive Gateway", router_runtime=False, dedup=False),
        _hive("hive_rr", "Hive Gateway + router-runtime", router_runtime=True, dedup=False),
        # Grafbase's Rust engine; it composes from the subgraph SDLs (bench/runner/grafbase.py).
        Target(
            key="grafbase", label="Grafbase", argv=(sys.executable, "-m", "bench.runner.grafbase")
        ),
        Target(
            key="ours_dedup",
            label="ours (1 worker), dedup on",
            argv=ours.argv,
            env=(("GATEWAY__DEDUPLICATE_REQUESTS", "true"),),
            dedup=True,
        ),
        _hive("hive_dedup", "Hive Gateway, dedup on", router_runtime=False, dedup=True),
        _hive(
            "hive_rr_dedup",
            "Hive Gateway + router-runtime, dedup on",
            router_runtime=True,
            dedup=True,
        ),
    )


def round_order(
    targets: Sequence[Target], round_number: int, pair: tuple[str, str] = ("ours", "grafbase")
) -> list[Target]:
    """The order of `targets` in round `round_number` (from 1).

    Odd rounds run every target with `pair` last (its first, then its second); even rounds run
    the same list reversed.  A drift of the machine's speed over the run then falls evenly on
    every target's mean (ABBA), and the two targets the cautious ratio compares run back to
    back at each turn: their rounds are minutes closer than the rest of the list would put them.
    """
    last = [key for key in pair if any(target.key == key for target in targets)]
    ordered = [t for t in targets if t.key not in last]
    ordered += [t for key in last for t in targets if t.key == key]
    return ordered if round_number % 2 else ordered[::-1]
