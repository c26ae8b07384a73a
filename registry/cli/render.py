"""The CLI's output: a check's report, a publish, a diff and a history, as text, JSON or Markdown.

Markdown is meant as a pull-request comment: the verdict first, then a table of the changes,
then the clients and operations affected, then composition errors and plan findings.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Literal

__all__ = ["Format", "render_changes", "render_check", "render_history", "render_publish"]

Format = Literal["text", "json", "markdown"]

_ICON = {"BREAKING": "🔴", "DANGEROUS": "🟠", "SAFE": "🟢"}


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, sort_keys=False, ensure_ascii=False)


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _usage_note(change: dict[str, Any]) -> str:
    usage = change.get("usage")
    if change.get("unused"):
        return "unused in window"
    if not usage:
        return ""
    clients = ", ".join(c["client"] for c in usage["clients"][:3])
    more = len(usage["clients"]) - 3
    return f"{usage['requests']} requests" + (
        f" ({clients}{', …' if more > 0 else ''})" if clients else ""
    )


def _problem_line(problem: dict[str, Any]) -> str:
    where = problem.get("subgraph") or ""
    locations = problem.get("locations") or []
    if locations:
        first = locations[0]
        where += f":{first['line']}:{first['column']}"
    return f"[{problem['code']}] {where + ': ' if where else ''}{problem['message']}"


def render_check(report: dict[str, Any], fmt: Format) -> str:
    if fmt == "json":
        return _json(report)
    if fmt == "markdown":
        return _check_markdown(report)
    return _check_text(report)


def _check_text(report: dict[str, Any]) -> str:
    verdict = "PASSED" if report["passed"] else "FAILED"
    lines = [
        f"Check {verdict}: {report['subgraph']} on {report['graph']}@{report['variant']}"
        + (f" (context {report['context']})" if report.get("context") else ""),
    ]
    lines += [f"  - {reason}" for reason in report.get("failures", [])]
    if report.get("url"):
        lines.append(f"Report: {report['url']}")
    if report.get("consoleUrl"):
        lines.append(f"Console: {report['consoleUrl']}")
    composition = report["composition"]
    if composition["errors"]:
        lines.append("\nComposition errors:")
        lines += [f"  {_problem_line(e)}" for e in composition["errors"]]
    changes = report.get("changes", [])
    lines.append(f"\nChanges ({len(changes)}):" if changes else "\nNo schema changes.")
    for change in changes:
        note = _usage_note(change)
        approved = " [approved]" if change.get("approved") else ""
        lines.append(
            f"  {change['criticality']:<9} {change['coordinate']}: {change['message']}"
            + (f" ({note})" if note else "")
            + approved
        )
    usage = report.get("usage", {})
    lines.append(
        f"\nUsage: {usage.get('operations', 0)} operations, {usage.get('requests', 0)} requests "
        f"in the last {usage.get('windowDays', 7)} days"
    )
    plans = report.get("plans", {})
    findings = plans.get("findings", [])
    lines.append(
        f"Plans: {plans.get('checked', 0)} operations re-planned, {len(findings)} finding(s)"
    )
    for finding in findings:
        operation = finding["operation"]
        title = operation.get("name") or operation["hash"][:12]
        lines.append(
            f"  {finding['criticality']:<9} {finding['kind']} {title}: {finding['message']}"
        )
    return "\n".join(lines)


def _check_markdown(report: dict[str, Any]) -> str:
    passed = report["passed"]
    target = f"`{report['subgraph']}` on `{report['graph']}@{report['variant']}`"
    lines = [
        f"### {'✅ Schema check passed' if passed else '❌ Schema check failed'}: {target}",
        "",
    ]
    lines += [f"- {reason}" for reason in report.get("failures", [])]
    if report.get("consoleUrl"):
        lines += ["", f"[Open the report in the registry console]({report['consoleUrl']})"]
    elif report.get("url"):
        lines += ["", f"[Full report]({report['url']})"]
    changes = report.get("changes", [])
    lines += ["", f"#### Changes ({len(changes)})", ""]
    if changes:
        lines += ["| | Change | Coordinate | Usage |", "|---|---|---|---|"]
        for change in changes:
            icon = _ICON.get(change["criticality"], "")
            approved = " (approved)" if change.get("approved") else ""
            lines.append(
                f"| {icon} {change['criticality']}{approved} | {_cell(change['message'])} "
                f"| `{_cell(change['coordinate'])}` | {_cell(_usage_note(change))} |"
            )
    else:
        lines.append("No schema changes.")
    affected: dict[str, int] = {}
    operations: dict[str, dict[str, Any]] = {}
    for change in changes:
        usage = change.get("usage") or {}
        if change.get("unused"):
            continue
        for client in usage.get("clients", []):
            affected[client["client"]] = max(affected.get(client["client"], 0), client["requests"])
        for operation in usage.get("operations", []):
            operations[operation["hash"]] = operation
    usage = report.get("usage", {})
    lines += [
        "",
        f"#### Affected clients and operations (last {usage.get('windowDays', 7)} days)",
        "",
    ]
    if affected:
        lines += ["| Client | Requests |", "|---|---|"]
        lines += [
            f"| {_cell(c)} | {n} |" for c, n in sorted(affected.items(), key=lambda kv: -kv[1])
        ]
        lines += ["", "| Operation | Requests | Clients |", "|---|---|---|"]
        lines += [
            f"| `{_cell(o.get('name') or o['hash'][:12])}` | {o['requests']} "
            f"| {_cell(', '.join(o['clients']))} |"
            for o in sorted(operations.values(), key=lambda o: -o["requests"])
        ]
    else:
        lines.append(
            f"None: {usage.get('operations', 0)} operations ({usage.get('requests', 0)} requests) "
            "were reported in the window."
        )
    composition = report["composition"]
    if composition["errors"]:
        lines += ["", "#### Composition errors", ""]
        lines += [f"- `{e['code']}` {_cell(_problem_line(e))}" for e in composition["errors"]]
    plans = report.get("plans", {})
    findings = plans.get("findings", [])
    lines += [
        "",
        f"#### Re-planned operations: {plans.get('checked', 0)} checked, "
        f"{len(findings)} finding(s)",
    ]
    for finding in findings:
        operation = finding["operation"]
        title = operation.get("name") or operation["hash"][:12]
        lines += [
            "",
            f"- {_ICON.get(finding['criticality'], '')} **{finding['kind']}** `{title}`: "
            f"{_cell(finding['message'])}",
        ]
        if finding.get("beforePlan") or finding.get("afterPlan"):
            lines += [
                "",
                "<details><summary>Plans before and after</summary>",
                "",
                "```",
                finding.get("beforePlan") or "(none)",
                "```",
                "",
                "```",
                finding.get("afterPlan") or "(none)",
                "```",
                "</details>",
            ]
    return "\n".join(lines) + "\n"


def render_publish(payload: dict[str, Any], fmt: Format) -> str:
    if fmt == "json":
        return _json(payload)
    version = payload.get("version") or {}
    composition = payload.get("composition") or {}
    outcome = payload["outcome"]
    headline = {
        "PUBLISHED": f"Published {version.get('subgraph')} as version {version.get('id')}; "
        f"composition {composition.get('id')} is served.",
        "UNCHANGED": f"{version.get('subgraph')} is unchanged (version {version.get('id')}); "
        "nothing to do.",
        "COMPOSITION_FAILED": f"Recorded {version.get('subgraph')} version {version.get('id')}, "
        "but composition failed: the served supergraph is unchanged.",
    }[outcome]
    lines = [headline if fmt == "text" else f"**{headline}**"]
    for error in composition.get("errors", []) if outcome == "COMPOSITION_FAILED" else []:
        where = error.get("subgraph") or ""
        locations = error.get("locations") or []
        lines.append(
            f"  [{error['code']}] {where}{':' + locations[0] if locations else ''} "
            f"{error['message']}"
        )
    return "\n".join(lines)


def render_changes(changes: Sequence[dict[str, Any]], fmt: Format) -> str:
    if fmt == "json":
        return _json({"changes": list(changes)})
    if fmt == "markdown":
        if not changes:
            return "No changes.\n"
        rows = ["| | Change | Coordinate |", "|---|---|---|"]
        rows += [
            f"| {_ICON.get(c['criticality'], '')} {c['criticality']} | {_cell(c['message'])} "
            f"| `{_cell(c['coordinate'])}` |"
            for c in changes
        ]
        return "\n".join(rows) + "\n"
    if not changes:
        return "No changes."
    return "\n".join(f"{c['criticality']:<9} {c['coordinate']}: {c['message']}" for c in changes)


def render_history(variant: dict[str, Any], fmt: Format) -> str:
    if fmt == "json":
        return _json(variant)
    lines = []
    if "versions" in variant:
        for version in variant["versions"]:
            lines.append(
                f"version {version['id']:>5}  {version['createdAt']}  {version['sdlHash'][:12]}  "
                f"{version['author']}  {version['commit']}"
            )
    for composition in variant.get("compositions", []):
        lines.append(
            f"composition {composition['id']:>5}  {composition['createdAt']}  "
            f"{composition['status']:<9}  {composition['trigger']}"
        )
    return "\n".join(lines) if lines else "No history."
