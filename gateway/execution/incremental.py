"""Runs a plan with `@defer` a part at a time: the primary first, then each deferred part.

    execute_incremental(plan) → (primary PlanResult, DeferredParts)
    DeferredParts yields a DeferredResult per deferred fragment, in the order they finish;
    a nested fragment starts once its parent's part has finished.

All parts merge into one response tree (the primary's `data`), so a deferred part's entity
fetches read the keys the primary brought.  Each part keeps its own errors: a failed deferred
fetch is reported with its part and never stops the others.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from gateway.execution.errors import INTERNAL_SERVER_ERROR
from gateway.execution.executor import PlanResult, _Run
from gateway.execution.fetcher import SubgraphFetcher
from gateway.execution.options import ExecutionOptions
from gateway.formatted_error import GraphQLFormattedError
from gateway.plan.nodes import ConditionNode, DeferNode, DeferredNode, PlanNode, QueryPlan

__all__ = ["DeferredResult", "execute_incremental", "top_defer"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class DeferredResult:
    """One deferred fragment's fetches have run; its data is in the shared response tree."""

    index: int
    label: str | None
    errors: tuple[GraphQLFormattedError, ...]


def top_defer(node: PlanNode | None, variables: Mapping[str, Any]) -> DeferNode | None:
    """The plan's `Defer` node for these variables (through `@defer(if: $v)` conditions)."""
    while isinstance(node, ConditionNode):
        node = node.if_clause if variables.get(node.condition) else node.else_clause
    return node if isinstance(node, DeferNode) else None


async def execute_incremental(
    plan: QueryPlan,
    *,
    variables: Mapping[str, Any],
    fetch: SubgraphFetcher,
    options: ExecutionOptions,
    data: dict[str, Any] | None = None,
    plan_text: Callable[[], str] | None = None,
) -> tuple[PlanResult, AsyncIterator[DeferredResult]]:
    """Run the primary part; the iterator runs the deferred parts (none without a Defer node)."""

    def new_run() -> _Run:
        return _Run(
            plan=plan,
            variables=variables,
            fetch=fetch,
            options=options,
            data=shared,
            plan_text=plan_text,
        )

    shared: dict[str, Any] = data if data is not None else {}
    run = new_run()
    defer = top_defer(plan.node, variables)
    if defer is None:
        if plan.node is not None:
            await run.node(plan.node, ())
        return PlanResult(data=run.data, errors=run.errors), _nothing()
    if defer.primary is not None:
        await run.node(defer.primary, ())
    return PlanResult(data=run.data, errors=run.errors), _deferred(defer.deferred, new_run)


async def _nothing() -> AsyncIterator[DeferredResult]:
    return
    yield  # an async generator that yields nothing


async def _deferred(
    parts: tuple[DeferredNode, ...], new_run: Callable[[], _Run]
) -> AsyncIterator[DeferredResult]:
    done: asyncio.Queue[tuple[DeferredResult, tuple[DeferredNode, ...]]] = asyncio.Queue()
    tasks: set[asyncio.Task[None]] = set()

    async def run_part(part: DeferredNode) -> None:
        run = new_run()
        children: tuple[DeferredNode, ...] = ()
        node = part.node
        try:
            if isinstance(node, DeferNode):
                children = node.deferred
                node = node.primary
            if node is not None:
                await run.node(node, ())
        except Exception:  # a bug in one part must not lose the others
            logger.exception("deferred part %s failed", part.index)
            run.errors.append(
                {
                    "message": "The gateway failed to run a deferred part.",
                    "extensions": {"code": INTERNAL_SERVER_ERROR},
                }
            )
        result = DeferredResult(index=part.index, label=part.label, errors=tuple(run.errors))
        await done.put((result, children))

    def start(part: DeferredNode) -> None:
        task = asyncio.create_task(run_part(part))
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    pending = len(parts)
    for part in parts:
        start(part)
    try:
        while pending:
            result, children = await done.get()
            pending += len(children) - 1
            for child in children:
                start(child)
            yield result
    finally:
        for task in tasks:
            task.cancel()
