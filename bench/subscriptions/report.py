"""The subscription bench's results as data (written as JSON) and as Markdown tables."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

__all__ = ["ROLES", "GcSummary", "Latency", "ModeReport", "Throughput", "latency", "render"]

# The processes whose CPU is reported, in table order (see bench/subscriptions/meters.py).
ROLES = ("gateway", "events", "catalog", "subscribers")


@dataclass(frozen=True, slots=True, kw_only=True)
class Latency:
    """Delivery latency (receive time - emit time) over every correct delivery, ms."""

    count: int
    p50: float
    p90: float
    p99: float
    max: float


def latency(values: Sequence[float]) -> Latency:
    """Nearest-rank percentiles; zeros when nothing was delivered."""
    ordered = sorted(values)
    if not ordered:
        return Latency(count=0, p50=0.0, p90=0.0, p99=0.0, max=0.0)

    def rank(p: float) -> float:
        return ordered[max(0, math.ceil(p * len(ordered)) - 1)]

    return Latency(count=len(ordered), p50=rank(0.5), p90=rank(0.9), p99=rank(0.99),
                   max=ordered[-1])  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class GcSummary:
    """The gateway's garbage collections during the wrk runs of one state (with --gc)."""

    share: float  # of the wall time, every generation
    young_share: float  # of the wall time, generations 0 and 1
    full_passes_per_minute: float
    full_pass_ms: float  # mean length of one full (generation 2) pass


@dataclass(frozen=True, slots=True, kw_only=True)
class Throughput:
    """The heavy query under wrk against the gateway in one state of its subscriptions."""

    state: str  # "none" | "open, idle" | "open, events flowing"
    # Means over the rounds (one wrk run per state per round), and the spread of req/s.
    rounds: int
    rps: float
    rps_min: float
    rps_max: float
    p99_ms: float
    gateway_cpu_cores: float  # the gateway's CPU seconds per wall second
    # Fraction of the time each core was busy, any process (the machine is shared).
    gateway_core_busy: float
    load_core_busy: float
    errors: int
    # Events emitted per second meanwhile, and what that means in deliveries per second.
    events_per_second: float = 0.0
    deliveries_per_second: float = 0.0
    # Deliveries of the events emitted meanwhile: expected, correct, and their latency.
    expected: int = 0
    delivered: int = 0
    latency: Latency | None = None
    gc: GcSummary | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ModeReport:
    mode: str  # "identical" | "distinct"
    subscribers: int
    events: int
    expected: int
    delivered: int
    failures: tuple[str, ...]
    latency: Latency
    # Per event, the slowest subscriber's latency: the median and worst over the events.
    fanout_median_ms: float
    fanout_max_ms: float
    open_seconds: float  # connect + subscribe until the events subgraph saw all of them
    upstream_closed: bool  # every upstream subscription ended after the clients left
    rss_before_mb: float
    rss_open_mb: float
    rss_after_events_mb: float
    kb_per_subscription: float
    # CPU ms per subscription opened and per correct delivery, by role (ROLES).
    cpu_ms_per_open: Mapping[str, float]
    cpu_ms_per_delivery: Mapping[str, float]
    # Entity fetches that reached the catalog subgraph per delivery in the fan-out: 1 when
    # none is shared, less when the gateway merged identical fetches in flight.
    catalog_fetches_per_delivery: float
    # Fraction of the fan-out (gaps included) each core was busy, any process.
    gateway_core_busy: float
    load_core_busy: float
    throughput: tuple[Throughput, ...] = ()
    profile: str | None = None  # py-spy's summary of the fan-out
    memory: str | None = None  # tracemalloc: what grew with the N subscriptions open
    notes: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        steady = all(t.delivered == t.expected for t in self.throughput)
        return (
            not self.failures
            and self.delivered == self.expected
            and self.upstream_closed
            and steady
        )


def _ms(value: float) -> str:
    return f"{value:,.1f}"


def _roles(values: Mapping[str, float], digits: int) -> str:
    return " / ".join(f"{values.get(role, 0.0):.{digits}f}" for role in ROLES)


def _percent(value: float) -> str:
    return f"{value * 100:.0f}%"


def render(reports: Sequence[ModeReport]) -> str:
    lines = [
        "| subscribers | mode | delivered / expected | p50 ms | p90 ms | p99 ms | max ms "
        "| fan-out ms (median, max) | opening s | upstream closed after |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in reports:
        lines.append(
            f"| {r.subscribers:,} | {r.mode} | {r.delivered:,} / {r.expected:,} "
            f"| {_ms(r.latency.p50)} | {_ms(r.latency.p90)} | {_ms(r.latency.p99)} "
            f"| {_ms(r.latency.max)} | {_ms(r.fanout_median_ms)}, {_ms(r.fanout_max_ms)} "
            f"| {r.open_seconds:.1f} | {'yes' if r.upstream_closed else 'NO'} |"
        )
    roles = " / ".join(ROLES)
    lines += [
        "",
        f"| mode | gateway RSS MB before → open → after events | KB per subscription "
        f"| CPU ms per subscription opened ({roles}) | CPU ms per delivery ({roles}) "
        "| catalog fetches per delivery | busy in the fan-out: gateway core, load core |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in reports:
        lines.append(
            f"| {r.mode} | {r.rss_before_mb:.0f} → {r.rss_open_mb:.0f} → "
            f"{r.rss_after_events_mb:.0f} | {r.kb_per_subscription:.1f} "
            f"| {_roles(r.cpu_ms_per_open, 2)} | {_roles(r.cpu_ms_per_delivery, 3)} "
            f"| {r.catalog_fetches_per_delivery:.3f} "
            f"| {_percent(r.gateway_core_busy)}, {_percent(r.load_core_busy)} |"
        )
    rows = [(r, t) for r in reports for t in r.throughput]
    if rows:
        collected = any(t.gc is not None for _, t in rows)
        gc_title = " | gateway GC: % of time (young), full passes per min, ms each" * collected
        lines += [
            "",
            "| mode | subscriptions | req/s mean (min-max) | x none | p99 ms | gateway CPU cores "
            "| busy: gateway core, load core | events/s (deliveries/s) "
            f"| delivered / expected meanwhile | delivery p50 / p99 ms meanwhile | wrk errors"
            f"{gc_title} |",
            "|---|---|---|---|---|---|---|---|---|---|---" + "|---" * collected + "|",
        ]
        for r, t in rows:
            none = next((x.rps for x in r.throughput if x.state == "none"), 0.0)
            ratio = f"{t.rps / none:.2f}" if none else "—"
            meanwhile = f"{t.delivered:,} / {t.expected:,}" if t.expected else "—"
            lat = (f"{_ms(t.latency.p50)} / {_ms(t.latency.p99)}"
                   if t.latency is not None and t.latency.count else "—")  # fmt: skip
            gc = ""
            if collected:
                g = t.gc
                gc = (" | —" if g is None else f" | {_percent(g.share)} ({_percent(g.young_share)}"
                      f"), {g.full_passes_per_minute:.1f}, {g.full_pass_ms:.0f}")  # fmt: skip
            lines.append(
                f"| {r.mode} | {t.state} | {t.rps:,.0f} ({t.rps_min:,.0f}-{t.rps_max:,.0f}) "
                f"| {ratio} | {_ms(t.p99_ms)} "
                f"| {t.gateway_cpu_cores:.2f} | {_percent(t.gateway_core_busy)}, "
                f"{_percent(t.load_core_busy)} | {t.events_per_second:g} "
                f"({t.deliveries_per_second:,.0f}) | {meanwhile} | {lat} | {t.errors}{gc} |"
            )
    for r in reports:
        if r.failures:
            lines += ["", f"Failures ({r.mode}, first 10 of {len(r.failures)}):", ""]
            lines += [f"- {failure}" for failure in r.failures[:10]]
        for note in r.notes:
            lines += ["", f"Note ({r.mode}): {note}"]
    return "\n".join(lines)
