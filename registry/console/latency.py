"""The operations page's filters (client, client version, time range, from query parameters)
and its latency: p50/p95 per operation and per client and version, and p95 per hour as an SVG
chart, all read off the merged histograms gateways report (`registry.store.latency`)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from registry.console.forms import ignored_notice, options, text_value
from registry.console.layout import e
from registry.console.plots import line_chart
from registry.store.latency import BOUNDS_MS, merged, percentile
from registry.store.usage import HourlyUsage, Latency

__all__ = ["Filters", "filter_form", "filters", "latency_table", "milliseconds", "p95_chart"]

_TOP = 6
_MAX_FILTER = 128  # what the store keeps of a client's name or version
_RANGES = {"24h": "last 24 hours", "7d": "last 7 days"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Filters:
    """What the page shows: one client's or one version's requests, over `window`."""

    client: str | None
    version: str | None
    range: str  # "24h", "7d" or "window" (the check window)
    window: timedelta
    label: str  # "last 7 days"
    # Values that were ignored, said on the page.
    ignored: tuple[str, ...]

    def keeps(self, row: HourlyUsage) -> bool:
        return (self.client is None or row.client_name == self.client) and (
            self.version is None or row.client_version == self.version
        )


def filters(query: Mapping[str, str], check_window_days: int) -> Filters:
    """The filters in `query`; a value that cannot be one is ignored and named."""
    ignored: list[str] = []
    client = text_value(query.get("client"), "client", ignored, limit=_MAX_FILTER)
    # "" is a client that sent no version: "-" asks for it.
    raw_version = query.get("version")
    version = (
        "" if raw_version == "-" else text_value(raw_version, "version", ignored, limit=_MAX_FILTER)
    )
    wanted = query.get("range") or "window"
    if wanted == "24h":
        window = timedelta(days=1)
    elif wanted == "7d":
        window = timedelta(days=7)
    else:
        if wanted != "window":
            ignored.append("range (one of 24h, 7d, window)")
            wanted = "window"
        window = timedelta(days=check_window_days)
    label = _RANGES.get(wanted, f"last {check_window_days} days (the check window)")
    return Filters(
        client=client,
        version=version,
        range=wanted,
        window=window,
        label=label,
        ignored=tuple(ignored),
    )


def filter_form(chosen: Filters, usage: Sequence[HourlyUsage], check_window_days: int) -> str:
    """A GET form choosing the client, version and range among what was reported."""
    clients = sorted({row.client_name for row in usage})
    versions = sorted(
        {
            row.client_version
            for row in usage
            if chosen.client is None or row.client_name == chosen.client
        }
    )
    client_values = [("", "All clients")] + [(c, c or "(no name)") for c in clients]
    version_values = [("", "All versions")] + [(v or "-", v or "(no version)") for v in versions]
    ranges = [
        ("24h", _RANGES["24h"]),
        ("7d", _RANGES["7d"]),
        ("window", f"last {check_window_days} days (the check window)"),
    ]
    version = "-" if chosen.version == "" else (chosen.version or "")
    return (
        f'{ignored_notice(chosen.ignored)}<form method="get" class="filters"><p>'
        f'<label for="client">Client</label> <select id="client" name="client">'
        f"{options(client_values, chosen.client or '')}</select> "
        f'<label for="version">Version</label> <select id="version" name="version">'
        f"{options(version_values, version)}</select> "
        f'<label for="range">Time range</label> <select id="range" name="range">'
        f"{options(ranges, chosen.range)}</select> "
        '<button type="submit">Show</button></p></form>'
    )


def milliseconds(value: float | None) -> str:
    """A percentile as the page says it: a bucket's upper bound."""
    if value is None:
        return "none"
    if math.isinf(value):
        return f"> {BOUNDS_MS[-1]} ms"
    return f"≤ {value:g} ms"


def latency_table(per_client: Sequence[Latency], usage: Sequence[HourlyUsage], label: str) -> str:
    """Requests, errors, p50 and p95 per operation and client version."""
    counts: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    for row in usage:
        kept = counts[(row.hash, row.client_name, row.client_version)]
        kept[0] += row.count
        kept[1] += row.errors
    rows = []
    for item in per_client:
        requests, errors = counts[(item.hash, item.client_name or "", item.client_version or "")]
        client = item.client_name or "(no name)"
        if item.client_version:
            client += f"@{item.client_version}"
        rows.append(
            f'<tr><th scope="row"><code>{e(item.name or item.hash[:12])}</code></th>'
            f"<td>{e(client)}</td>"
            f'<td class="num">{requests}</td><td class="num">{errors}</td>'
            f'<td class="num">{item.timed}</td>'
            f'<td class="num">{e(milliseconds(item.p50))}</td>'
            f'<td class="num">{e(milliseconds(item.p95))}</td></tr>'
        )
    return (
        f"<table><caption>Latency per client and version, {e(label)}</caption><thead><tr>"
        '<th scope="col">Operation</th><th scope="col">Client</th>'
        '<th scope="col" class="num">Requests</th><th scope="col" class="num">Errors</th>'
        '<th scope="col" class="num">Timed</th><th scope="col" class="num">p50</th>'
        f'<th scope="col" class="num">p95</th></tr></thead><tbody>{"".join(rows)}</tbody>'
        "</table>"
    )


def p95_chart(usage: Sequence[HourlyUsage], hours: Sequence[datetime], label: str) -> str:
    """p95 per hour of the busiest operations (hours without timed requests at 0)."""
    index = {hour: i for i, hour in enumerate(hours)}
    totals: dict[str, int] = defaultdict(int)
    per: dict[str, list[list[tuple[int, ...]]]] = defaultdict(lambda: [[] for _ in hours])
    for row in usage:
        name = row.name or row.hash[:12]
        totals[name] += row.count
        slot = index.get(row.hour)
        if slot is not None and row.latency:
            per[name][slot].append(row.latency)
    timed = [name for name in totals if any(per.get(name, ()))]
    busiest = sorted(timed, key=lambda name: -totals[name])[:_TOP]
    series = []
    for name in busiest:
        values = []
        for histograms in per[name]:
            value = percentile(merged(histograms), 0.95) if histograms else None
            # Beyond the last bound: drawn at it.
            values.append(0.0 if value is None else min(value, float(BOUNDS_MS[-1])))
        series.append((name, values))
    return line_chart(
        "p95-latency",
        "p95 latency per hour by operation",
        f"The hourly 95th percentile of the {_TOP} busiest operations' durations in "
        f"milliseconds (a bucket's upper bound), {label}; hours without timed requests are 0.",
        hours,
        series,
        unit=" ms",
    )
