"""A check: is this subgraph schema safe to publish? Each section of the report is one question.

1. composition   does the variant still compose with the candidate? (errors: code, subgraph,
                 locations)
2. changes       what changes, BREAKING / DANGEROUS / SAFE, over the API schema of the composed
                 supergraph before and after, and over the subgraph's own SDL for what only
                 federation sees
3. usage         which operations clients sent in the window touch a breaking change; a
                 breaking change nobody used is SAFE *because unused* (unless `strict`)
4. plans         every operation of the window re-validated and re-planned against the
                 candidate: unplannable fails, a worse plan is DANGEROUS
5. approvals     breaking changes approved for the check's context pass

The check passes when the candidate composes, and no breaking change or breaking plan finding
is left unapproved. The report is plain JSON (stored with the check; the CLI renders it).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from gateway.supergraph import Supergraph, load_supergraph
from registry.changes import Change, Criticality, diff_schemas
from registry.checks.federation import federation_changes
from registry.checks.plans import PlanThresholds, RecordedOperation, replan_operations
from registry.composing import Composed, compose_subgraphs, sdl_hash
from registry.model import SubgraphSchema
from registry.store.repository import (
    CheckRecord,
    NotFound,
    RegistryStore,
    StoredCheck,
    UsedOperation,
)

__all__ = ["CheckOptions", "approve_check", "change_key", "run_check"]


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckOptions:
    window: timedelta = timedelta(days=7)
    # Requests in the window below which a coordinate counts as unused.
    min_count: int = 1
    excluded_clients: tuple[str, ...] = ()
    # Breaking changes fail even when unused.
    strict: bool = False
    context: str | None = None
    # A plan gaining more fetches than this fails the check (None: worse plans only warn).
    max_added_fetches: int | None = None


def change_key(kind: str, coordinate: str) -> str:
    """What an approval names: the kind of change and where."""
    return f"{kind}:{coordinate}"


def _touches(change_coordinate: str, used: str) -> bool:
    if used == change_coordinate:
        return True
    if "." not in change_coordinate and "(" not in change_coordinate:
        # A type: any of its fields, arguments or values.
        return used.startswith(change_coordinate + ".")
    # A field: its arguments too.
    return used.startswith(change_coordinate + "(")


def _usage_of(coordinate: str, operations: Sequence[UsedOperation]) -> dict[str, Any]:
    hits = [op for op in operations if any(_touches(coordinate, c) for c in op.coordinates)]
    clients: dict[str, int] = {}
    for op in hits:
        for client, count in op.clients.items():
            clients[client] = clients.get(client, 0) + count
    return {
        "requests": sum(op.count for op in hits),
        "operations": [
            {"hash": op.hash, "name": op.name, "requests": op.count, "clients": sorted(op.clients)}
            for op in sorted(hits, key=lambda o: (-o.count, o.hash))[:20]
        ],
        "clients": [
            {"client": name, "requests": count}
            for name, count in sorted(clients.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
    }


def _change_entry(
    change: Change,
    *,
    source: str,
    operations: Sequence[UsedOperation],
    reported: bool,
    options: CheckOptions,
    approved: set[str],
    window_days: int,
) -> dict[str, Any]:
    criticality = change.criticality
    entry: dict[str, Any] = {
        "type": change.type,
        "criticality": criticality.value,
        "coordinate": change.coordinate,
        "message": change.message,
        "reason": change.reason,
        "source": source,
        "approved": False,
        "usage": None,
    }
    if criticality is Criticality.BREAKING and not change.coordinate.startswith("@"):
        usage = _usage_of(change.coordinate, operations)
        entry["usage"] = usage
        if reported and usage["requests"] < options.min_count and not options.strict:
            entry["criticality"] = Criticality.SAFE.value
            entry["reason"] = (
                f"breaking, but unused in the last {window_days} days "
                f"({usage['requests']} requests; threshold {options.min_count})"
            )
            entry["unused"] = True
    if entry["criticality"] == Criticality.BREAKING.value:
        entry["approved"] = change_key(change.type, change.coordinate) in approved
    return entry


def _api_schema(sdl: str | None) -> Supergraph | None:
    if sdl is None:
        return None
    loaded = load_supergraph(sdl)
    return loaded if isinstance(loaded, Supergraph) else None


def _compose_and_compare(
    current: Sequence[SubgraphSchema], candidate: SubgraphSchema, served_sdl: str | None
) -> tuple[Composed, list[tuple[str, Change]]]:
    """CPU-bound part of a check, run in a thread: compose, then diff both ways."""
    inputs = [s for s in current if s.name != candidate.name] + [candidate]
    composed = compose_subgraphs(inputs)
    changes: list[tuple[str, Change]] = []
    before = _api_schema(served_sdl)
    after = _api_schema(composed.supergraph_sdl)
    if before is not None and after is not None:
        changes += [("api", c) for c in diff_schemas(before.api_schema, after.api_schema)]
    previous = next((s for s in current if s.name == candidate.name), None)
    if previous is not None:
        changes += [("federation", c) for c in federation_changes(previous, candidate, current)]
    return composed, changes


async def run_check(
    store: RegistryStore,
    graph: str,
    variant: str,
    *,
    name: str,
    sdl: str,
    url: str | None,
    options: CheckOptions,
    author: str,
    commit: str,
    base_url: str,
) -> int:
    """Run the check, store it with its report, and return its id."""
    try:
        versions = await store.current_subgraphs(graph, variant)
    except NotFound:
        versions = []
    current = [
        SubgraphSchema(name=v.subgraph, routing_url=v.routing_url, sdl=v.sdl) for v in versions
    ]
    previous = next((s for s in current if s.name == name), None)
    routing_url = url or (
        previous.routing_url if previous else "http://unpublished.invalid/graphql"
    )
    candidate = SubgraphSchema(name=name, routing_url=routing_url, sdl=sdl)
    served = await store.served_supergraph(graph, variant) if versions else None
    composed, changes = await asyncio.to_thread(
        _compose_and_compare, current, candidate, None if served is None else served.sdl
    )
    window_days = max(1, options.window.days)
    operations: list[UsedOperation] = []
    # Whether gateways reported anything in the window (excluded clients included): without
    # any report, "unused" would mean "unknown", and nothing is judged unused.
    reported = False
    if versions:
        reported = bool(await store.used_operations(graph, variant, window=options.window))
        operations = await store.used_operations(
            graph, variant, window=options.window, excluded_clients=options.excluded_clients
        )
    approved = await store.approved(graph, variant, options.context) if options.context else set()
    entries = [
        _change_entry(
            change,
            source=source,
            operations=operations,
            reported=reported,
            options=options,
            approved=approved,
            window_days=window_days,
        )
        for source, change in changes
    ]
    plans: dict[str, Any] = {"checked": 0, "skipped": 0, "findings": []}
    if served is not None and composed.supergraph_sdl is not None and operations:
        recorded = [
            RecordedOperation(
                hash=op.hash,
                name=op.name,
                document=op.document,
                clients=tuple(sorted(op.clients)),
                count=op.count,
            )
            for op in operations
        ]
        thresholds = PlanThresholds(max_added_fetches=options.max_added_fetches)
        report = await asyncio.to_thread(
            replan_operations, recorded, served.sdl, composed.supergraph_sdl, thresholds=thresholds
        )
        plans = {
            "checked": report.checked,
            "skipped": report.skipped,
            "findings": [
                {
                    "kind": f.kind.value,
                    "criticality": Criticality(f.criticality).value,
                    "operation": {
                        "hash": f.operation.hash,
                        "name": f.operation_name or f.operation.name,
                        "clients": list(f.operation.clients),
                        "requests": f.operation.count,
                    },
                    "message": f.message,
                    "errors": list(f.errors),
                    "before": None if f.before is None else _shape(f.before),
                    "after": None if f.after is None else _shape(f.after),
                    "beforePlan": f.before_plan,
                    "afterPlan": f.after_plan,
                    "approved": change_key("PLAN_" + f.kind.value, f.operation.hash) in approved,
                }
                for f in report.findings
            ],
        }
    failures = _failures(composed, entries, plans)
    report_json: dict[str, Any] = {
        "graph": graph,
        "variant": variant,
        "subgraph": name,
        "context": options.context,
        "passed": not failures,
        "failures": failures,
        "composition": {
            "succeeded": composed.succeeded,
            "errors": [e.as_json() for e in composed.errors],
            "hints": [h.as_json() for h in composed.hints],
            "baseline": None if served is None else served.composition_id,
        },
        "changes": entries,
        "usage": {
            "reported": reported,
            "windowDays": window_days,
            "minCount": options.min_count,
            "strict": options.strict,
            "excludedClients": list(options.excluded_clients),
            "operations": len(operations),
            "requests": sum(op.count for op in operations),
        },
        "plans": plans,
    }
    check_id = await store.save_check(
        graph,
        variant,
        CheckRecord(
            subgraph=name,
            sdl_hash=sdl_hash(sdl),
            context=options.context,
            author=author,
            commit=commit,
            passed=not failures,
            report=report_json,
        ),
    )
    report_json["id"] = check_id
    report_json["url"] = f"{base_url}/checks/{check_id}"
    report_json["consoleUrl"] = f"{base_url}/console/checks/{check_id}"
    await store.update_check(check_id, passed=not failures, report=report_json)
    return check_id


def _shape(shape: Any) -> dict[str, Any]:
    return {
        "fetches": shape.fetches,
        "sequentialDepth": shape.sequential_depth,
        "subgraphs": list(shape.subgraphs),
    }


def _failures(
    composed: Composed, entries: list[dict[str, Any]], plans: dict[str, Any]
) -> list[str]:
    """Why the check fails, one line per reason (empty: it passes)."""
    out: list[str] = []
    if not composed.succeeded:
        out.append(f"composition failed with {len(composed.errors)} error(s)")
    breaking = [e for e in entries if e["criticality"] == "BREAKING" and not e["approved"]]
    if breaking:
        out.append(f"{len(breaking)} unapproved breaking change(s)")
    broken_plans = [
        f for f in plans["findings"] if f["criticality"] == "BREAKING" and not f["approved"]
    ]
    if broken_plans:
        out.append(
            f"{len(broken_plans)} operation(s) no longer validate or plan, or plan too badly"
        )
    return out


async def approve_check(store: RegistryStore, stored: StoredCheck, *, by: str) -> None:
    """Approve every breaking change and plan finding of the check for its context, and mark
    the stored report as approved (it then passes unless composition failed)."""
    context = stored.record.context
    assert context is not None
    report = dict(stored.record.report)
    keys: list[str] = []
    entries = [dict(e) for e in report.get("changes", [])]
    for entry in entries:
        if entry["criticality"] == "BREAKING":
            keys.append(change_key(entry["type"], entry["coordinate"]))
            entry["approved"] = True
    plans = dict(report.get("plans", {}))
    findings = [dict(f) for f in plans.get("findings", [])]
    for finding in findings:
        if finding["criticality"] == "BREAKING":
            keys.append(change_key("PLAN_" + finding["kind"], finding["operation"]["hash"]))
            finding["approved"] = True
    plans["findings"] = findings
    await store.approve(stored.graph, stored.variant, context, keys, by=by)
    report["changes"] = entries
    report["plans"] = plans
    report["approvedBy"] = by
    failures = [f for f in report.get("failures", []) if f.startswith("composition")]
    report["failures"] = failures
    report["passed"] = not failures
    await store.update_check(stored.id, passed=not failures, report=report)
