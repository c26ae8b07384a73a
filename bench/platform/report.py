"""The platform benchmark's results as Markdown tables."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bench.platform.counters import Costs
from bench.platform.load import PARTS, Measurement

__all__ = ["FlowResult", "costs_table", "load_table"]

# (label in metrics, column title)
STORES = (("postgresql", "PostgreSQL"), ("neo4j", "graph (Bolt)"), ("mongodb", "MongoDB"))
SUBGRAPHS = ("accounts", "tutors", "reviews", "scheduling", "payments", "learning")


@dataclass(frozen=True, slots=True, kw_only=True)
class FlowResult:
    key: str
    label: str
    what: str
    costs: Costs
    checked: int  # sequential requests whose answers were checked
    failed: int  # of those, answers with errors
    runs: tuple[Measurement, ...]


def _n(value: float) -> str:
    """A per-request count: whole numbers plain, others with two decimals."""
    return f"{value:.0f}" if abs(value - round(value)) < 0.005 else f"{value:.2f}"


def costs_table(results: Sequence[FlowResult]) -> str:
    head = ["flow", "answers checked (with errors)", "subgraph fetches",
            *(title for _, title in STORES), "store queries", "by subgraph"]  # fmt: skip
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in results:
        c = r.costs
        fetches = sum(c.fetches.values())
        fetched = ", ".join(f"{n} {_n(c.fetches[n])}" for n in SUBGRAPHS if n in c.fetches)
        stores = [_n(c.by_store(store)) for store, _ in STORES]
        where = "; ".join(
            f"{name} {_n(count)} ({title})"
            for store, title in STORES
            for name, count in c.of_store(store, SUBGRAPHS)
        )
        total = sum(c.queries.values())
        rows.append(
            f"| {r.label} | {r.checked} ({r.failed}) | {_n(fetches)} ({fetched}) | "
            + " | ".join(stores)
            + f" | {_n(total)} | {where} |"
        )
    return "\n".join(rows)


def load_table(results: Sequence[FlowResult]) -> str:
    head = ["flow", "connections", "req/s", "p50 ms", "p99 ms", "answered", "errors",
            "CPU ms per request: " + " / ".join(PARTS)]  # fmt: skip
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in results:
        for m in r.runs:
            cpu = " / ".join(f"{m.cpu_ms.get(part, 0.0):.2f}" for part in PARTS)
            rows.append(
                f"| {r.label} | {m.connections} | {m.rps:,.1f} | {m.p50_ms:,.1f} | "
                f"{m.p99_ms:,.1f} | {m.requests:,} | {m.errors:,} | {cpu} |"
            )
    return "\n".join(rows)
