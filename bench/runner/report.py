"""The results as Markdown: the main table with min-max and ratios, and the scale series."""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bench.runner.load import Measurement

__all__ = ["Row", "ScalePoint", "main_table", "scale_table", "worst_against_best"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Row:
    key: str
    label: str
    dedup: str  # "off" or "on"
    runs: tuple[Measurement, ...] = ()
    failure: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ScalePoint:
    target: str
    entities: int
    measurement: Measurement | None
    rss_before_mb: float
    planning_ms: float | None
    failure: str | None = None
    # Ours only: peak memory one warm request allocates, in-process (bench/memory.py).
    request_kb: float | None = None


def _span(values: Sequence[float], digits: int = 0) -> str:
    mean = statistics.fmean(values)
    if len(values) < 2:
        return f"{mean:,.{digits}f}"
    return f"{mean:,.{digits}f} ({min(values):,.{digits}f}-{max(values):,.{digits}f})"


def _calls(runs: Sequence[Measurement]) -> str:
    counted = [r.subgraph_calls_per_request for r in runs]
    known = [calls for calls in counted if calls is not None]
    return _span(known, 2) if known else "—"


def _mean_rps(row: Row | None) -> float | None:
    if row is None or row.failure or not row.runs:
        return None
    return statistics.fmean(run.rps for run in row.runs)


def main_table(rows: Sequence[Row], baselines: Mapping[str, str]) -> str:
    """`baselines`: column title → row key the ratio is taken against (`<key>_dedup` for rows
    with inbound dedup on)."""
    by_key = {row.key: row for row in rows}
    titles = " | ".join(f"x {title}" for title in baselines)
    lines = [
        f"| target | inbound dedup | req/s mean (min-max) | p50 ms | p99 ms | peak RSS MB "
        f"| CPU cores | CPU ms/req | subgraph calls/req | errors | {titles} |",
        "|" + "---|" * (10 + len(baselines)),
    ]
    for row in rows:
        if row.failure or not row.runs:
            reason = row.failure or "not measured"
            blank = " | ".join("—" for _ in range(7 + len(baselines)))
            lines.append(f"| {row.label} | {row.dedup} | **failed**: {reason} | {blank} |")
            continue
        runs = row.runs
        rps = statistics.fmean(run.rps for run in runs)
        ratios = []
        for key in baselines.values():
            # Like with like: a row with inbound dedup on is compared with the baseline's own
            # dedup-on row (`<key>_dedup`), when it has one.
            base = _mean_rps(by_key.get(f"{key}_dedup" if row.dedup == "on" else key))
            ratios.append(f"{rps / base:.2f}" if base else "—")
        lines.append(
            f"| {row.label} | {row.dedup} | {_span([r.rps for r in runs])} "
            f"| {_span([r.p50_ms for r in runs], 1)} | {_span([r.p99_ms for r in runs], 1)} "
            f"| {_span([r.peak_rss_mb for r in runs])} | {_span([r.cpu_cores for r in runs], 2)} "
            f"| {_span([r.cpu_ms_per_request for r in runs], 2)} | {_calls(runs)} "
            f"| {sum(r.errors for r in runs)} | {' | '.join(ratios)} |"
        )
    return "\n".join(lines)


def worst_against_best(rows: Sequence[Row], ours: str, reference: str) -> str:
    """The cautious ratio: our slowest round against the reference's fastest round."""
    by_key = {row.key: row for row in rows}
    mine, theirs = by_key.get(ours), by_key.get(reference)
    if not mine or not theirs or mine.failure or theirs.failure or not mine.runs or not theirs.runs:
        return f"Worst round of {ours} against the best round of {reference}: not measured."
    worst = min(run.rps for run in mine.runs)
    best = max(run.rps for run in theirs.runs)
    return (f"Worst round of {mine.label} against the best round of {theirs.label}: "
            f"{worst:,.0f} / {best:,.0f} req/s = **{worst / best:.2f}x**.")  # fmt: skip


def scale_table(points: Sequence[ScalePoint]) -> str:
    lines = [
        "| target | entities | response KB | req/s | p50 ms | p99 ms | CPU ms/req "
        "| peak RSS MB (idle before) | RSS growth MB | planning ms (first request) "
        "| memory per request KB (in-process) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for point in points:
        plan = f"{point.planning_ms:.2f}" if point.planning_ms is not None else "—"
        run = point.measurement
        if run is None:
            lines.append(f"| {point.target} | {point.entities:,} | **failed**: {point.failure} "
                         "| — | — | — | — | — | — | — | — |")  # fmt: skip
            continue
        lines.append(
            f"| {point.target} | {point.entities:,} | {run.bytes_per_response / 1024:,.1f} "
            f"| {run.rps:,.1f} | {run.p50_ms:,.1f} | {run.p99_ms:,.1f} "
            f"| {run.cpu_ms_per_request:,.2f} "
            f"| {run.peak_rss_mb:,.0f} ({point.rss_before_mb:,.0f}) "
            f"| {run.peak_rss_mb - point.rss_before_mb:,.1f} | {plan} "
            f"| {'—' if point.request_kb is None else f'{point.request_kb:,.0f}'} |"
        )
    return "\n".join(lines)
