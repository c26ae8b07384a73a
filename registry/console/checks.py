"""A variant's checks, and one check's report: the CLI's sections (composition, classified
changes, affected clients and operations, plan findings with both plans, approval) and, for an
admin, the Approve button.

The list is newest first and filtered by a GET form: `subgraph`, `outcome` (passed, failed, or
approved: an admin approved its breaking findings), `context` ("-": run without one) and `size`
(checks per page). It is paged by check id as the history is (`before` / `after`, see
`registry.console.paging`), the links keeping the filters. A value that cannot be one is
ignored and named above the form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.datastructures import QueryParams
from starlette.responses import Response

from registry.console.auth import Viewer
from registry.console.context import Console
from registry.console.forms import choice, ignored_notice, options, text_value
from registry.console.graphs import variant_crumbs, variant_tabs
from registry.console.history import problems
from registry.console.layout import document, e, url
from registry.console.paging import cursor, page_links, page_of
from registry.model import CompositionProblem, Scope
from registry.store.repository import OUTCOMES, CheckFilter, StoredCheck

__all__ = ["approvable", "check_page", "checks_page"]

_SIZES = ("10", "20", "50", "100")
_SIZE = 50
_MAX_SUBGRAPH = 64  # what the store keeps of a subgraph's name
_MAX_CONTEXT = 256


def _verdict(passed: bool) -> str:
    word = "passed" if passed else "failed"
    return f'<span class="{word}">{word}</span>'


@dataclass(frozen=True, slots=True, kw_only=True)
class _Chosen:
    """The list's filters and page size, as read from the query."""

    where: CheckFilter
    size: int
    # The filters as query parameters, which the paging links keep.
    params: dict[str, str | int | None]


def _chosen(query: QueryParams, ignored: list[str]) -> _Chosen:
    subgraph = text_value(query.get("subgraph"), "subgraph", ignored, limit=_MAX_SUBGRAPH)
    outcome = choice(query.get("outcome"), "outcome", OUTCOMES, ignored)
    raw_context = query.get("context")
    # "-" asks for the checks run without a context, as the form's hint says.
    if raw_context == "-":
        context: str | None = ""
    else:
        context = text_value(raw_context, "context", ignored, limit=_MAX_CONTEXT)
    size = choice(query.get("size"), "size", _SIZES, ignored)
    return _Chosen(
        where=CheckFilter(subgraph=subgraph, outcome=outcome, context=context),
        size=int(size or _SIZE),
        params={
            "subgraph": subgraph,
            "outcome": outcome,
            "context": "-" if context == "" else context,
            "size": size,
        },
    )


def _filter_form(chosen: _Chosen, subgraphs: list[str], ignored: list[str]) -> str:
    """A GET form choosing the subgraph among those checked, the outcome, the context and the
    page size; submitting it starts again at the newest checks."""
    where = chosen.where
    names = set(subgraphs) | ({where.subgraph} if where.subgraph else set())
    subgraph_values = [("", "All subgraphs"), *((name, name) for name in sorted(names))]
    outcome_values = [
        ("", "Any outcome"),
        ("passed", "passed"),
        ("failed", "failed"),
        ("approved", "approved (breaking changes approved)"),
    ]
    size_values = [(size, size) for size in _SIZES]
    context = "-" if where.context == "" else (where.context or "")
    return (
        ignored_notice(ignored) + '<form method="get" class="filters"><p>'
        '<label for="subgraph">Subgraph</label> <select id="subgraph" name="subgraph">'
        f"{options(subgraph_values, where.subgraph or '')}</select> "
        '<label for="outcome">Outcome</label> <select id="outcome" name="outcome">'
        f"{options(outcome_values, where.outcome or '')}</select> "
        '<label for="context">Context</label> <input type="text" id="context" name="context" '
        f'value="{e(context)}" maxlength="{_MAX_CONTEXT}" aria-describedby="context-hint"> '
        '<span id="context-hint" class="hint">(- for none)</span> '
        '<label for="size">Per page</label> <select id="size" name="size">'
        f"{options(size_values, str(chosen.size))}</select> "
        '<button type="submit">Show</button></p></form>'
    )


def _outcome(stored: StoredCheck) -> str:
    approved = " (approved)" if stored.record.report.get("approvedBy") else ""
    return _verdict(stored.record.passed) + approved


async def checks_page(
    console: Console,
    viewer: Viewer,
    graph: str,
    variant: str,
    query: QueryParams | None = None,
) -> Response:
    query = query or QueryParams()
    ignored: list[str] = []
    chosen = _chosen(query, ignored)
    at = cursor(query, "a check id", ignored)
    store = console.store
    subgraphs = await store.checked_subgraphs(graph, variant)
    checks = await page_of(
        lambda before, after, limit: store.checks(
            graph, variant, limit=limit, before=before, after=after, where=chosen.where
        ),
        at,
        chosen.size,
        lambda c: c.id,
    )
    rows = "".join(
        f'<tr><td><a href="{e(url("checks", c.id))}">check {c.id}</a></td>'
        f"<td>{e(c.record.subgraph)}</td><td>{_outcome(c)}</td>"
        f"<td>{e(c.record.context or '')}</td><td>{e(c.record.author)}</td>"
        f"<td>{e(c.created_at.strftime('%Y-%m-%d %H:%M'))}</td></tr>"
        for c in checks.rows
    )
    if rows:
        listed = (
            f"<table><caption>{len(checks.rows)} check(s), newest first</caption><thead><tr>"
            '<th scope="col">Check</th><th scope="col">Subgraph</th>'
            '<th scope="col">Outcome</th><th scope="col">Context</th><th scope="col">Author</th>'
            f'<th scope="col">When (UTC)</th></tr></thead><tbody>{rows}</tbody></table>'
        )
    elif chosen.where != CheckFilter():
        listed = '<p role="status">No checks match these filters.</p>'
    elif checks.first:
        listed = "<p>No checks yet.</p>"
    else:
        listed = "<p>No checks on this page.</p>"
    path = url("graphs", graph, "variants", variant, "checks")
    body = (
        variant_tabs(graph, variant)
        + _filter_form(chosen, subgraphs, ignored)
        + listed
        + page_links(checks, at, path, chosen.params, "checks")
    )
    return document(
        f"Checks of {graph}@{variant}",
        body,
        signed=viewer.signed,
        crumbs=variant_crumbs(graph, variant),
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
            *variant_crumbs(stored.graph, stored.variant),
            ("Checks", url("graphs", stored.graph, "variants", stored.variant, "checks")),
        ),
    )
