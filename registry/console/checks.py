"""A variant's checks, and one check's report: the CLI's sections (composition, classified
changes, affected clients and operations, plan findings with both plans, approval) and, for an
admin, the Approve button."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from registry.console.auth import Viewer
from registry.console.context import Console
from registry.console.graphs import variant_tabs
from registry.console.history import problems
from registry.console.layout import document, e, url
from registry.model import CompositionProblem, Scope
from registry.store.repository import StoredCheck

__all__ = ["approvable", "check_page", "checks_page"]


def _verdict(passed: bool) -> str:
    word = "passed" if passed else "failed"
    return f'<span class="{word}">{word}</span>'


async def checks_page(console: Console, viewer: Viewer, graph: str, variant: str) -> Response:
    rows = "".join(
        f'<tr><td><a href="{e(url("checks", c.id))}">check {c.id}</a></td>'
        f"<td>{e(c.record.subgraph)}</td><td>{_verdict(c.record.passed)}</td>"
        f"<td>{e(c.record.context or '')}</td><td>{e(c.record.author)}</td>"
        f"<td>{e(c.created_at.strftime('%Y-%m-%d %H:%M'))}</td></tr>"
        for c in await console.store.checks(graph, variant, limit=100)
    )
    body = variant_tabs(graph, variant) + (
        '<table><thead><tr><th scope="col">Check</th><th scope="col">Subgraph</th>'
        '<th scope="col">Outcome</th><th scope="col">Context</th><th scope="col">Author</th>'
        f'<th scope="col">When (UTC)</th></tr></thead><tbody>{rows}</tbody></table>'
        if rows
        else "<p>No checks yet.</p>"
    )
    return document(
        f"Checks of {graph}@{variant}",
        body,
        signed=viewer.signed,
        crumbs=(
            ("Graphs", "/console/"),
            (f"{graph}@{variant}", url("graphs", graph, "variants", variant)),
        ),
    )


def approvable(stored: StoredCheck) -> bool:
    """Whether approving would change anything: a context, and breaking findings not approved."""
    report = stored.record.report
    if not stored.record.context or report.get("approvedBy"):
        return False
    breaking = [c for c in report.get("changes", []) if c.get("criticality") == "BREAKING"]
    breaking += [
        f for f in report.get("plans", {}).get("findings", []) if f.get("criticality") == "BREAKING"
    ]
    return any(not item.get("approved") for item in breaking)


def _usage(change: dict[str, Any]) -> str:
    if change.get("unused"):
        return "unused in the window"
    usage = change.get("usage") or {}
    if not usage:
        return ""
    clients = ", ".join(c["client"] for c in usage.get("clients", []))
    return f"{usage.get('requests', 0)} requests" + (f" ({clients})" if clients else "")


def _changes(report: dict[str, Any]) -> str:
    changes = report.get("changes", [])
    if not changes:
        return "<p>No schema changes.</p>"
    rows = "".join(
        f'<tr><td class="{e(c["criticality"])}">{e(c["criticality"])}'
        + (" (approved)" if c.get("approved") else "")
        + f"</td><td>{e(c['message'])}</td><td><code>{e(c['coordinate'])}</code></td>"
        f"<td>{e(_usage(c))}</td></tr>"
        for c in changes
    )
    return (
        f"<table><caption>{len(changes)} change(s)</caption><thead><tr>"
        '<th scope="col">Criticality</th><th scope="col">Change</th>'
        '<th scope="col">Coordinate</th><th scope="col">Usage</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def _impact(report: dict[str, Any]) -> str:
    clients: dict[str, int] = {}
    operations: dict[str, dict[str, Any]] = {}
    for change in report.get("changes", []):
        if change.get("unused"):
            continue
        usage = change.get("usage") or {}
        for client in usage.get("clients", []):
            clients[client["client"]] = max(clients.get(client["client"], 0), client["requests"])
        for operation in usage.get("operations", []):
            operations[operation["hash"]] = operation
    usage = report.get("usage", {})
    if not clients:
        return (
            f"<p>None: {usage.get('operations', 0)} operations ({usage.get('requests', 0)} "
            "requests) were reported in the window.</p>"
        )
    client_rows = "".join(
        f'<tr><td>{e(name)}</td><td class="num">{count}</td></tr>'
        for name, count in sorted(clients.items(), key=lambda kv: -kv[1])
    )
    operation_rows = "".join(
        f"<tr><td><code>{e(o.get('name') or o['hash'][:12])}</code></td>"
        f'<td class="num">{o["requests"]}</td><td>{e(", ".join(o.get("clients", [])))}</td></tr>'
        for o in sorted(operations.values(), key=lambda o: -o["requests"])
    )
    return (
        '<table><caption>Affected clients</caption><thead><tr><th scope="col">Client</th>'
        f'<th scope="col" class="num">Requests</th></tr></thead><tbody>{client_rows}</tbody>'
        "</table><table><caption>Affected operations</caption><thead><tr>"
        '<th scope="col">Operation</th><th scope="col" class="num">Requests</th>'
        f'<th scope="col">Clients</th></tr></thead><tbody>{operation_rows}</tbody></table>'
    )


def _plans(report: dict[str, Any]) -> str:
    plans = report.get("plans", {})
    findings = plans.get("findings", [])
    out = f"<p>{plans.get('checked', 0)} operations re-planned, {len(findings)} finding(s).</p>"
    for finding in findings:
        operation = finding["operation"]
        title = operation.get("name") or operation["hash"][:12]
        out += (
            f'<h3><span class="{e(finding["criticality"])}">{e(finding["criticality"])}</span> '
            f"{e(finding['kind'])} <code>{e(title)}</code>"
            + (" (approved)" if finding.get("approved") else "")
            + f"</h3><p>{e(finding['message'])}</p>"
        )
        if finding.get("beforePlan") or finding.get("afterPlan"):
            out += (
                '<div class="plans"><figure><figcaption>Plan before</figcaption>'
                f"<pre>{e(finding.get('beforePlan') or '(none)')}</pre></figure>"
                "<figure><figcaption>Plan after</figcaption>"
                f"<pre>{e(finding.get('afterPlan') or '(none)')}</pre></figure></div>"
            )
    return out


def _composition(report: dict[str, Any]) -> str:
    composition = report.get("composition", {})
    errors = [CompositionProblem.from_json(p) for p in composition.get("errors", [])]
    if not errors:
        return '<p><span class="passed">Composes</span> with the variant\'s other subgraphs.</p>'
    return '<p class="failed">Composition failed.</p>' + problems(tuple(errors))


async def check_page(console: Console, viewer: Viewer, stored: StoredCheck) -> Response:
    report = stored.record.report
    failures = "".join(f"<li>{e(reason)}</li>" for reason in report.get("failures", []))
    context = stored.record.context
    if report.get("approvedBy"):
        approval = (
            f"<p>Approved by {e(report['approvedBy'])} for context <code>{e(context)}</code>.</p>"
        )
    elif approvable(stored):
        approval = (
            "<p>Not approved. Breaking findings can be approved for context "
            f"<code>{e(context)}</code>.</p>"
        )
        if viewer.grant.allows(Scope.ADMIN, stored.graph, stored.variant):
            approval += (
                f'<form method="post" action="{e(url("checks", stored.id, "approve"))}">'
                f'<input type="hidden" name="csrf" value="{e(viewer.session.csrf)}">'
                '<button type="submit" class="primary" id="approve">Approve the breaking '
                "changes</button></form>"
            )
        else:
            approval += "<p>An admin can approve them.</p>"
    elif not context:
        approval = "<p>Run without a context: nothing to approve.</p>"
    else:
        approval = "<p>Nothing to approve.</p>"
    usage = report.get("usage", {})
    body = (
        f"<p>{e(stored.record.subgraph)} on {e(stored.graph)}@{e(stored.variant)}: "
        f"{_verdict(stored.record.passed)}"
        + (f", context <code>{e(context)}</code>" if context else "")
        + f", by {e(stored.record.author)} at "
        + f"{e(stored.created_at.strftime('%Y-%m-%d %H:%M'))} UTC.</p>"
        + (f'<ul class="problem">{failures}</ul>' if failures else "")
        + '<h2 id="approval">Approval</h2>'
        + approval
        + "<h2>Composition</h2>"
        + _composition(report)
        + "<h2>Changes</h2>"
        + _changes(report)
        + f"<h2>Affected clients and operations (last {usage.get('windowDays', 7)} days)</h2>"
        + _impact(report)
        + "<h2>Re-planned operations</h2>"
        + _plans(report)
    )
    return document(
        f"Check {stored.id}",
        body,
        signed=viewer.signed,
        crumbs=(
            ("Graphs", "/console/"),
            (
                f"{stored.graph}@{stored.variant}",
                url("graphs", stored.graph, "variants", stored.variant),
            ),
            ("Checks", url("graphs", stored.graph, "variants", stored.variant, "checks")),
        ),
    )
