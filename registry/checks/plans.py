"""The plan-aware check: recorded client operations re-validated and re-planned against a candidate.

`replan_operations` takes the operations clients sent recently and the current and candidate
supergraph SDLs, and reports per operation (each operation of a document is one unit) whether the
candidate breaks it or makes its plan worse:

* INVALID (BREAKING) — valid against the current API schema, not against the candidate's; the
  gateway validates whole documents, so every operation of such a document is reported;
* UNPLANNABLE (BREAKING) — still valid, but the candidate's planner cannot plan it;
* WORSE (DANGEROUS, or BREAKING past a `PlanThresholds` limit) — more fetches, a longer chain of
  fetches that run one after another, or a subgraph on the path that was not there before.

Operations that do not parse, validate or plan against the current supergraph are not the
change's fault: they are skipped and listed in the report. Plans are made without progressive
override labels (the plan every client gets when no `percent(N)` label is active).

Errors: `SupergraphLoadError` (a `ValueError`) when either SDL is not a loadable supergraph.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal, assert_never

from graphql import DocumentNode, GraphQLError, OperationDefinitionNode, parse, validate

from gateway.plan import (
    ConditionNode,
    DeferNode,
    FetchNode,
    FlattenNode,
    ParallelNode,
    PlanNode,
    QueryPlan,
    SequenceNode,
    print_plan,
)
from gateway.planner import QueryPlanner
from gateway.planner.result import PlanningFailure
from gateway.supergraph import SupergraphError, load_supergraph

__all__ = [
    "Criticality",
    "PlanFinding",
    "PlanFindingKind",
    "PlanShape",
    "PlanThresholds",
    "RecordedOperation",
    "ReplanReport",
    "SkippedOperation",
    "SupergraphLoadError",
    "current_plans",
    "plan_shape",
    "replan_operations",
]

Criticality = Literal["BREAKING", "DANGEROUS"]


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordedOperation:
    """A document clients sent in the usage window."""

    hash: str  # sha256 hex of the normalised document
    name: str | None
    document: str  # literals may be stripped ("" 0 [] {}): planning needs none of them
    clients: tuple[str, ...] = ()  # "name@version" of the clients that sent it
    count: int = 0  # times seen in the window


class PlanFindingKind(StrEnum):
    INVALID = "INVALID"
    UNPLANNABLE = "UNPLANNABLE"
    WORSE = "WORSE"


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanShape:
    """What makes a plan better or worse.

    Fetches under a `Condition` node (`@skip`/`@include` with a variable) count in every branch:
    the check has no variable values, so it judges the plan as if each branch may run; the
    chain through a `Condition` is its longer branch, since only one of them runs.
    """

    fetches: int  # FetchNode count
    sequential_depth: int  # longest chain of fetches that must run one after another
    subgraphs: tuple[str, ...]  # sorted service names the plan calls


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanFinding:
    """One operation the candidate breaks or plans worse; `before`/`after` are its plans."""

    operation: RecordedOperation
    operation_name: str | None  # the operation of the document this is about
    kind: PlanFindingKind
    criticality: Criticality
    message: str
    errors: tuple[str, ...] = ()  # validation or planning errors (INVALID, UNPLANNABLE)
    before: PlanShape | None = None
    after: PlanShape | None = None
    before_plan: str | None = None  # Apollo-style plan text (`gateway.plan.print_plan`)
    after_plan: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SkippedOperation:
    """An operation already broken against the current supergraph: not the candidate's fault."""

    operation: RecordedOperation
    operation_name: str | None
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanThresholds:
    """Limits past which a WORSE plan is BREAKING; None never makes it so."""

    max_added_fetches: int | None = None
    max_added_depth: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ReplanReport:
    """The outcome of one check.

    `checked` counts the operations (one per operation of each document) that were valid and
    plannable against the current supergraph and so re-planned; `skipped_operations` lists the
    others (`skipped` counts them).
    `findings` come in a deterministic order: BREAKING first, then INVALID, UNPLANNABLE, WORSE,
    the most used (`count`) first, then by operation name (or hash) and hash.
    """

    findings: tuple[PlanFinding, ...] = ()
    checked: int = 0
    skipped_operations: tuple[SkippedOperation, ...] = ()

    @property
    def skipped(self) -> int:
        return len(self.skipped_operations)

    @property
    def breaking(self) -> bool:
        return any(f.criticality == "BREAKING" for f in self.findings)


class SupergraphLoadError(ValueError):
    """A supergraph SDL given to the check does not load; `which` is "before" or "after"."""

    def __init__(self, which: Literal["before", "after"], message: str) -> None:
        super().__init__(f"the {which} supergraph does not load: {message}")
        self.which = which
        self.message = message


def plan_shape(plan: QueryPlan) -> PlanShape:
    """Fetch count, longest sequential chain and subgraphs of `plan` (every branch counted)."""
    fetches: list[FetchNode] = []
    depth = 0 if plan.node is None else _depth(plan.node, fetches)
    subgraphs = tuple(sorted({f.service_name for f in fetches}))
    return PlanShape(fetches=len(fetches), sequential_depth=depth, subgraphs=subgraphs)


def _depth(node: PlanNode, fetches: list[FetchNode]) -> int:
    match node:
        case FetchNode():
            fetches.append(node)
            return 1
        case FlattenNode():
            return _depth(node.node, fetches)
        case SequenceNode():
            return sum(_depth(n, fetches) for n in node.nodes)
        case ParallelNode():
            return max((_depth(n, fetches) for n in node.nodes), default=0)
        case ConditionNode():
            branches = (b for b in (node.if_clause, node.else_clause) if b is not None)
            return max((_depth(b, fetches) for b in branches), default=0)
        case DeferNode():
            # Deferred parts run after the primary; the longest chain counts.
            primary = 0 if node.primary is None else _depth(node.primary, fetches)
            later = (d.node for d in node.deferred if d.node is not None)
            return primary + max((_depth(n, fetches) for n in later), default=0)
        case _:
            assert_never(node)


class _Side:
    """One supergraph and the planner built for it once per call."""

    def __init__(self, which: Literal["before", "after"], sdl: str) -> None:
        loaded = load_supergraph(sdl)
        if isinstance(loaded, SupergraphError):
            raise SupergraphLoadError(which, loaded.message)
        self.api_schema = loaded.api_schema
        self.planner = QueryPlanner(loaded)

    def errors(self, document: DocumentNode) -> tuple[str, ...]:
        return tuple(e.message for e in validate(self.api_schema, document))

    def plan(self, document: DocumentNode, name: str | None) -> QueryPlan | str:
        """The plan, or why there is none."""
        try:
            result = self.planner.try_plan(document, name)
        except Exception as error:  # a planner bug fails this operation, not the whole check
            return f"the planner failed: {error!r}"
        return result.message if isinstance(result, PlanningFailure) else result


def replan_operations(
    operations: Iterable[RecordedOperation],
    before_supergraph_sdl: str,
    after_supergraph_sdl: str,
    *,
    thresholds: PlanThresholds = PlanThresholds(),
) -> ReplanReport:
    """Re-validate and re-plan every operation of `operations` against the candidate supergraph.

    Each named operation of a document (or its single anonymous one) is planned on its own.
    Planning needs no variable values: `@skip`/`@include` with a variable become `Condition`
    nodes, and the fetches of all their branches are counted (see `PlanShape`). Both planners
    are built once per call. Raises `SupergraphLoadError`.
    """
    before = _Side("before", before_supergraph_sdl)
    after = _Side("after", after_supergraph_sdl)
    findings: list[PlanFinding] = []
    skipped: list[SkippedOperation] = []
    checked = 0
    for operation in operations:
        try:
            document = parse(operation.document, no_location=True)
        except GraphQLError as error:
            reason = f"does not parse: {error.message}"
            skipped.append(
                SkippedOperation(operation=operation, operation_name=None, reason=reason)
            )
            continue
        names = [
            d.name.value if d.name else None
            for d in document.definitions
            if isinstance(d, OperationDefinitionNode)
        ]
        old_errors = before.errors(document)
        if old_errors:
            reason = f"invalid against the current supergraph: {old_errors[0]}"
            skipped += (
                SkippedOperation(operation=operation, operation_name=name, reason=reason)
                for name in names
            )
            continue
        new_errors: tuple[str, ...] | None = None
        for name in names:
            old = before.plan(document, name)
            if isinstance(old, str):
                reason = f"cannot be planned against the current supergraph: {old}"
                skipped.append(
                    SkippedOperation(operation=operation, operation_name=name, reason=reason)
                )
                continue
            checked += 1
            unit = _Unit(operation=operation, name=name, old=old)
            if new_errors is None:
                new_errors = after.errors(document)
            if new_errors:
                findings.append(unit.invalid(new_errors))
                continue
            new = after.plan(document, name)
            finding = unit.unplannable(new) if isinstance(new, str) else unit.worse(new, thresholds)
            if finding is not None:
                findings.append(finding)
    findings.sort(key=_order)
    return ReplanReport(
        findings=tuple(findings), checked=checked, skipped_operations=tuple(skipped)
    )


def current_plans(supergraph_sdl: str, documents: dict[str, str]) -> dict[str, str]:
    """The plan text of each document (by key) against the supergraph, each named operation's
    plan in turn, or why there is none. Raises `SupergraphLoadError`."""
    side = _Side("before", supergraph_sdl)
    out: dict[str, str] = {}
    for key, text in documents.items():
        try:
            document = parse(text, no_location=True)
        except GraphQLError as error:
            out[key] = f"does not parse: {error.message}"
            continue
        errors = side.errors(document)
        if errors:
            out[key] = f"invalid against the served supergraph: {errors[0]}"
            continue
        plans = []
        for definition in document.definitions:
            if isinstance(definition, OperationDefinitionNode):
                name = definition.name.value if definition.name else None
                plan = side.plan(document, name)
                plans.append(plan if isinstance(plan, str) else print_plan(plan))
        out[key] = "\n\n".join(plans)
    return out


@dataclass(frozen=True, slots=True, kw_only=True)
class _Unit:
    """One operation of a recorded document and its plan against the current supergraph."""

    operation: RecordedOperation
    name: str | None
    old: QueryPlan

    def invalid(self, errors: tuple[str, ...]) -> PlanFinding:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        message = f"no longer valid against the candidate: {errors[0]}{more}"
        return self._finding(PlanFindingKind.INVALID, "BREAKING", message, errors=errors)

    def unplannable(self, error: str) -> PlanFinding:
        message = f"valid, but the candidate cannot plan it: {error}"
        return self._finding(PlanFindingKind.UNPLANNABLE, "BREAKING", message, errors=(error,))

    def worse(self, new: QueryPlan, thresholds: PlanThresholds) -> PlanFinding | None:
        """A WORSE finding when `new` has more fetches, a longer chain or a new subgraph."""
        old_shape, new_shape = plan_shape(self.old), plan_shape(new)
        added_subgraphs = sorted(set(new_shape.subgraphs) - set(old_shape.subgraphs))
        added_fetches = new_shape.fetches - old_shape.fetches
        added_depth = new_shape.sequential_depth - old_shape.sequential_depth
        if added_fetches <= 0 and added_depth <= 0 and not added_subgraphs:
            return None
        parts = []
        if added_fetches:
            fetches = f"{old_shape.fetches} fetch{'' if old_shape.fetches == 1 else 'es'}"
            parts.append(f"{fetches} → {new_shape.fetches} ({added_fetches:+d})")
        if added_depth:
            chain = f"{old_shape.sequential_depth} → {new_shape.sequential_depth}"
            parts.append(f"sequential chain {chain}")
        if added_subgraphs:
            noun = "subgraph" if len(added_subgraphs) == 1 else "subgraphs"
            parts.append(f"new {noun} on the path: {', '.join(added_subgraphs)}")
        limits = []
        most_fetches, most_depth = thresholds.max_added_fetches, thresholds.max_added_depth
        if most_fetches is not None and added_fetches > most_fetches:
            limits.append(f"at most {most_fetches:+d} fetches")
        if most_depth is not None and added_depth > most_depth:
            limits.append(f"at most {most_depth:+d} on the sequential chain")
        message = ", ".join(parts)
        if limits:
            message += f" (over the threshold: {', '.join(limits)})"
        criticality: Criticality = "BREAKING" if limits else "DANGEROUS"
        return self._finding(PlanFindingKind.WORSE, criticality, message, new=new)

    def _finding(
        self,
        kind: PlanFindingKind,
        criticality: Criticality,
        message: str,
        *,
        errors: tuple[str, ...] = (),
        new: QueryPlan | None = None,
    ) -> PlanFinding:
        return PlanFinding(
            operation=self.operation,
            operation_name=self.name,
            kind=kind,
            criticality=criticality,
            message=f"{_label(self.operation, self.name)}: {message}",
            errors=errors,
            before=plan_shape(self.old),
            after=None if new is None else plan_shape(new),
            before_plan=print_plan(self.old),
            after_plan=None if new is None else print_plan(new),
        )


def _label(operation: RecordedOperation, name: str | None) -> str:
    if name is not None:
        return name
    if operation.name is not None:
        return operation.name
    return f"anonymous operation {operation.hash[:12]}"


_KINDS = tuple(PlanFindingKind)


def _order(finding: PlanFinding) -> tuple[bool, int, int, str, str, str]:
    return (
        finding.criticality != "BREAKING",
        _KINDS.index(finding.kind),
        -finding.operation.count,
        _label(finding.operation, finding.operation_name),
        finding.operation.hash,
        finding.operation.document,
    )
