"""A variant's operations over a time range, for all clients or one client or version: the
top operations by requests with their errors and p50/p95 latency per client and version and
their plans against the served supergraph; requests over time per operation and per client,
the error rate and the p95 latency, as SVG charts; and one field's use."""

from __future__ import annotations

import asyncio
import re
from collections import defaultdict
from datetime import datetime, timedelta

from starlette.datastructures import QueryParams
from starlette.responses import Response

from registry.checks.plans import SupergraphLoadError, current_plans
from registry.console.auth import Viewer
from registry.console.context import Console
from registry.console.graphs import variant_crumbs, variant_tabs
from registry.console.latency import filter_form, filters, latency_table, milliseconds, p95_chart
from registry.console.layout import document, e, error_page, url
from registry.console.plots import line_chart
from registry.store.base import utc_now
from registry.store.usage import HourlyUsage, latencies

__all__ = ["field_page", "operations_page"]

_TOP = 6
_PLANNED = 20
_COORDINATE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,127}\.[A-Za-z_][A-Za-z0-9_]{0,127}$")


def _hours(since: datetime, until: datetime) -> list[datetime]:
    hour = since.replace(minute=0, second=0, microsecond=0)
    out = []
    while hour <= until:
        out.append(hour)
        hour += timedelta(hours=1)
    return out


def _series(
    usage: list[HourlyUsage], hours: list[datetime], key: str
) -> list[tuple[str, list[float]]]:
    """Requests per hour of the busiest `_TOP` values of `key` (operation or client)."""
    index = {hour: i for i, hour in enumerate(hours)}
    totals: dict[str, int] = defaultdict(int)
    per: dict[str, list[float]] = defaultdict(lambda: [0.0] * len(hours))
    for row in usage:
        label = (row.name or row.hash[:12]) if key == "operation" else row.client
        totals[label] += row.count
        slot = index.get(row.hour)
        if slot is not None:
            per[label][slot] += row.count
    busiest = sorted(totals, key=lambda label: -totals[label])[:_TOP]
    return [(label, per[label]) for label in busiest]


def _error_rate(usage: list[HourlyUsage], hours: list[datetime]) -> list[tuple[str, list[float]]]:
    index = {hour: i for i, hour in enumerate(hours)}
    requests = [0] * len(hours)
    errors = [0] * len(hours)
    for row in usage:
        slot = index.get(row.hour)
        if slot is not None:
            requests[slot] += row.count
            errors[slot] += row.errors
    return [
        ("error rate", [100 * x / n if n else 0.0 for x, n in zip(errors, requests, strict=True)])
    ]


async def operations_page(
    console: Console, viewer: Viewer, graph: str, variant: str, query: QueryParams | None = None
) -> Response:
    days = console.settings.check_window_days
    chosen = filters(query or QueryParams(), days)
    label = chosen.label
    now = utc_now()
    reported = await console.store.hourly_usage(graph, variant, window=chosen.window, now=now)
    usage = [row for row in reported if chosen.keeps(row)]
    latency = {item.hash: item for item in latencies(usage, per_client=False)}
    by_operation: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    names: dict[str, str] = {}
    for row in usage:
        names[row.hash] = row.name or row.hash[:12]
        counts = by_operation[row.hash][row.client]
        counts[0] += row.count
        counts[1] += row.errors
    ranked = sorted(by_operation.items(), key=lambda kv: -sum(c[0] for c in kv[1].values()))
    rank = {digest: i for i, (digest, _) in enumerate(ranked)}
    rows = []
    for digest, clients in ranked:
        requests = sum(c[0] for c in clients.values())
        errors = sum(c[1] for c in clients.values())
        detail = ", ".join(
            f"{client}: {c[0]} ({c[1]} errors)"
            for client, c in sorted(clients.items(), key=lambda kv: -kv[1][0])
        )
        rate = f"{100 * errors / requests:.1f} %" if requests else "none"
        timed = latency[digest]
        rows.append(
            f'<tr><th scope="row"><code>{e(names[digest])}</code></th>'
            f'<td class="num">{requests}</td><td class="num">{errors}</td>'
            f'<td class="num">{rate}</td><td class="num">{e(milliseconds(timed.p50))}</td>'
            f'<td class="num">{e(milliseconds(timed.p95))}</td><td>{e(detail)}</td></tr>'
        )
    if usage:
        # From the first hour with usage: a week of empty hours would flatten the lines.
        hours = _hours(min(row.hour for row in usage), now)
        charts = (
            line_chart(
                "requests-by-operation",
                "Requests per hour by operation",
                f"Hourly requests of the {_TOP} busiest operations since the first report "
                f"of the {label}.",
                hours,
                _series(usage, hours, "operation"),
            )
            + line_chart(
                "requests-by-client",
                "Requests per hour by client",
                f"Hourly requests of the {_TOP} busiest clients since the first report "
                f"of the {label}.",
                hours,
                _series(usage, hours, "client"),
            )
            + line_chart(
                "error-rate",
                "Error rate per hour",
                "The share of requests that returned errors, per hour.",
                hours,
                _error_rate(usage, hours),
                unit=" %",
            )
            + p95_chart(usage, hours, label)
        )
        per_client = sorted(
            latencies(usage, per_client=True),
            key=lambda item: (rank[item.hash], -item.timed),
        )
        table = (
            f"<table><caption>Operations by requests, {e(label)}</caption><thead><tr>"
            '<th scope="col">Operation</th><th scope="col" class="num">Requests</th>'
            '<th scope="col" class="num">Errors</th><th scope="col" class="num">Error rate</th>'
            '<th scope="col" class="num">p50</th><th scope="col" class="num">p95</th>'
            f'<th scope="col">Per client and version</th></tr></thead><tbody>{"".join(rows)}'
            "</tbody></table>" + latency_table(per_client, usage, label)
        )
    else:
        charts, table = "", f"<p>No usage reported in the {e(label)}.</p>"
    plans = await _plans(console, graph, variant, [digest for digest, _ in ranked[:_PLANNED]])
    plan_list = "".join(
        f"<details><summary>Plan of <code>{e(names[digest])}</code></summary>"
        f"<pre>{e(plans.get(digest, ''))}</pre></details>"
        for digest, _ in ranked[:_PLANNED]
    )
    if plan_list:
        plan_list = f"<h2>Plans against the served supergraph</h2>{plan_list}"
    return document(
        f"Operations of {graph}@{variant}",
        variant_tabs(graph, variant)
        + filter_form(chosen, reported, days)
        + table
        + plan_list
        + charts,
        signed=viewer.signed,
        crumbs=variant_crumbs(graph, variant),
    )


async def _plans(console: Console, graph: str, variant: str, hashes: list[str]) -> dict[str, str]:
    served = await console.store.served_supergraph(graph, variant)
    if served is None or not hashes:
        return {}
    window = timedelta(days=console.settings.check_window_days)
    wanted = set(hashes)
    documents = {
        op.hash: op.document
        for op in await console.store.used_operations(graph, variant, window=window)
        if op.hash in wanted
    }
    try:
        return await asyncio.to_thread(current_plans, served.sdl, documents)
    except SupergraphLoadError as exc:
        return dict.fromkeys(hashes, f"the served supergraph does not load: {exc}")


async def field_page(
    console: Console, viewer: Viewer, graph: str, variant: str, coordinate: str
) -> Response:
    """Who used one field over the window: per hour and client, and which operations."""
    if not _COORDINATE.match(coordinate):
        return error_page(404, f"No field {coordinate}.", signed=viewer.signed)
    days = console.settings.check_window_days
    window = timedelta(days=days)
    now = utc_now()
    operations = [
        op
        for op in await console.store.used_operations(graph, variant, window=window, now=now)
        if coordinate in op.coordinates
    ]
    hashes = {op.hash for op in operations}
    usage = [
        row
        for row in await console.store.hourly_usage(graph, variant, window=window, now=now)
        if row.hash in hashes
    ]
    rows = "".join(
        f'<tr><th scope="row"><code>{e(op.name or op.hash[:12])}</code></th>'
        f'<td class="num">{op.count}</td>'
        f"<td>{e(', '.join(f'{c}: {n}' for c, n in sorted(op.clients.items())))}</td></tr>"
        for op in sorted(operations, key=lambda op: -op.count)
    )
    if usage:
        hours = _hours(min(row.hour for row in usage), now)
        body = (
            f"<p>{sum(op.count for op in operations)} requests in the last {days} days.</p>"
            "<table><caption>Operations reading the field</caption><thead><tr>"
            '<th scope="col">Operation</th><th scope="col" class="num">Requests</th>'
            f'<th scope="col">Per client and version</th></tr></thead><tbody>{rows}</tbody>'
            "</table>"
            + line_chart(
                "field-usage",
                f"Requests per hour reading {coordinate}",
                f"Hourly requests of operations that read {coordinate}, by client.",
                hours,
                _series(usage, hours, "client"),
            )
        )
    else:
        body = f"<p>No operation read {e(coordinate)} in the last {days} days.</p>"
    schema = url("graphs", graph, "variants", variant, "schema")
    return document(
        f"Usage of {coordinate}",
        variant_tabs(graph, variant) + body,
        signed=viewer.signed,
        crumbs=(
            *variant_crumbs(graph, variant),
            ("Schema", schema),
        ),
    )
