"""Runs a `QueryPlan`: walks its nodes, calls subgraphs through a fetcher, merges the results."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, assert_never

from gateway.execution.errors import (
    GATEWAY_TIMEOUT,
    INTERNAL_SERVER_ERROR,
    SUBREQUEST_MALFORMED_RESPONSE,
    SUBREQUEST_OPERATION_REJECTED,
    fetch_failure,
    rejection_messages,
    repath_entity_error,
    repath_root_error,
)
from gateway.execution.fetcher import SubgraphFetcher, SubgraphFetchError, SubgraphRequest
from gateway.execution.merge import deep_merge, merge_entities
from gateway.execution.options import ExecutionOptions
from gateway.execution.paths import located_at, objects_at
from gateway.execution.representations import collect_representations
from gateway.execution.rewrites import apply_rewrites
from gateway.formatted_error import GraphQLFormattedError
from gateway.plan.nodes import (
    ConditionNode,
    DeferNode,
    FetchNode,
    FlattenNode,
    ParallelNode,
    PathElement,
    PlanNode,
    QueryPlan,
    SequenceNode,
)
from gateway.plan.printer import print_plan

__all__ = ["PlanResult", "execute_plan"]

logger = logging.getLogger(__name__)

_DEFAULT_OPTIONS = ExecutionOptions()


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchFailure:
    """A fetch that produced no usable GraphQL response: the client's message and its code."""

    message: str
    code: str


@dataclass(slots=True, kw_only=True)
class PlanResult:
    """The merged data (client response keys plus planning extras) and the errors so far."""

    data: dict[str, Any]
    errors: list[GraphQLFormattedError]


async def execute_plan(
    plan: QueryPlan,
    *,
    variables: Mapping[str, Any],
    fetch: SubgraphFetcher,
    options: ExecutionOptions = _DEFAULT_OPTIONS,
    data: dict[str, Any] | None = None,
    plan_text: Callable[[], str] | None = None,
) -> PlanResult:
    """Run `plan`; never raises for subgraph trouble, which becomes errors and missing data.

    `data` seeds the merged response (the gateway's own introspection answers, say).
    `plan_text` gives the plan's text form for the log when a subgraph refuses an operation
    the plan holds (a cached copy, say); by default the plan is printed then.
    """
    run = _Run(
        plan=plan,
        variables=variables,
        fetch=fetch,
        options=options,
        data=data or {},
        plan_text=plan_text,
    )
    if plan.node is not None:
        await run.node(plan.node, ())
    return PlanResult(data=run.data, errors=run.errors)


class _Run:
    __slots__ = (
        "data",
        "deadlines",
        "errors",
        "fetch",
        "loop",
        "options",
        "plan",
        "plan_text",
        "variables",
    )

    def __init__(
        self,
        *,
        plan: QueryPlan,
        variables: Mapping[str, Any],
        fetch: SubgraphFetcher,
        options: ExecutionOptions,
        data: dict[str, Any],
        plan_text: Callable[[], str] | None,
    ) -> None:
        self.plan = plan
        self.plan_text = plan_text
        self.variables = variables
        self.fetch = fetch
        self.options = options
        self.data = data
        self.errors: list[GraphQLFormattedError] = []
        # Asked once: every `get_running_loop` costs a getpid() system call in CPython 3.11.
        self.loop = asyncio.get_running_loop()
        self.deadlines = _LOOP_DEADLINES.of(self.loop)

    async def node(self, node: PlanNode, path: tuple[PathElement, ...]) -> None:
        match node:
            case FetchNode():
                if node.requires is None and not path:
                    await self.root_fetch(node)
                else:
                    await self.entity_fetch(node, path)
            case FlattenNode(path=inner, node=child):
                await self.node(child, (*path, *inner))
            case SequenceNode(nodes=children):
                for child in children:
                    await self.node(child, path)
            case ParallelNode(nodes=children):
                await self.together(children, path)
            case ConditionNode(condition=name, if_clause=if_clause, else_clause=else_clause):
                chosen = if_clause if self.variables.get(name) else else_clause
                if chosen is not None:
                    await self.node(chosen, path)
            case DeferNode(primary=primary, deferred=deferred):
                # All at once (a client that takes no incremental delivery): the primary,
                # then every deferred part; `gateway.execution.incremental` streams them.
                if primary is not None:
                    await self.node(primary, path)
                await self.together([p.node for p in deferred if p.node is not None], path)
            case _:
                assert_never(node)

    async def together(self, nodes: Sequence[PlanNode], path: tuple[PathElement, ...]) -> None:
        """Runs `nodes` concurrently: the first in this task, each other in a task of its own.

        `asyncio.gather` without its bookkeeping (the executor's hottest fan-out); a failure or
        a cancellation cancels the siblings still running, then propagates.
        """
        if not nodes:
            return
        loop = self.loop
        others = [loop.create_task(self.node(child, path)) for child in nodes[1:]]
        try:
            await self.node(nodes[0], path)
            for task in others:
                await task
        except BaseException:
            for task in others:
                if not task.done():
                    task.cancel()
                elif not task.cancelled():
                    task.exception()  # retrieved: the first failure is the one raised
            raise

    def _variables_for(self, node: FetchNode) -> dict[str, Any]:
        return {
            name: self.variables[name] for name in node.variable_usages if name in self.variables
        }

    async def call(
        self, node: FetchNode, variables: dict[str, Any]
    ) -> dict[str, Any] | FetchFailure:
        """The subgraph's response body (checked), or why the fetch failed."""
        service = node.service_name
        request = SubgraphRequest(
            service_name=service,
            query=node.operation,
            operation_name=node.operation_name,
            variables=variables,
            operation_kind=node.operation_kind,
        )
        timeout = self.options.timeout_for(service)
        deadline = None if timeout is None else _Deadline(self.deadlines, timeout)
        try:
            try:
                body = await self.fetch(request)
            finally:
                if deadline is not None:
                    deadline.close()
        except (asyncio.CancelledError, TimeoutError) as error:
            # A TimeoutError is the fetcher's own (a socket's, say); a cancellation is ours only
            # when the deadline fired, else the caller's, passed on.
            ours = deadline is not None and deadline.timed_out()
            if isinstance(error, asyncio.CancelledError) and not ours:
                raise
            message = f"Subgraph '{service}' did not answer within {timeout:g}s."
            return _failed(service, message, GATEWAY_TIMEOUT)
        except SubgraphFetchError as error:
            return _failed(service, error.message, error.code)
        except Exception:
            logger.exception("fetch from subgraph %r failed", service)
            return FetchFailure(
                message=f"Fetching from subgraph '{service}' failed.", code=INTERNAL_SERVER_ERROR
            )
        if not _is_graphql_response(body):
            message = f"Subgraph '{service}' returned a malformed GraphQL response."
            return _failed(service, message, SUBREQUEST_MALFORMED_RESPONSE)
        if body.get("data") is None:
            if not body.get("errors"):
                message = f"Subgraph '{service}' returned neither data nor errors."
                return _failed(service, message, SUBREQUEST_MALFORMED_RESPONSE)
            rejected = rejection_messages(body, node.variable_usages)
            if rejected is not None:
                self.log_rejection(node, rejected)
                message = (
                    f"Subgraph '{service}' refused the operation the gateway generated for it "
                    "(a gateway error; its details are in the gateway's log)."
                )
                return FetchFailure(message=message, code=SUBREQUEST_OPERATION_REJECTED)
        checked: dict[str, Any] = body
        return checked

    def log_rejection(self, node: FetchNode, messages: list[str]) -> None:
        """A refused operation is the gateway's bug: operators get the plan to reproduce it."""
        logger.error(
            "subgraph %r refused an operation the gateway generated: %s\n"
            "operation:\n%s\nquery plan:\n%s",
            node.service_name,
            "; ".join(messages) or "(no message)",
            node.operation,
            _plan_text(self.plan, self.plan_text),
            extra={"subgraph": node.service_name, "code": SUBREQUEST_OPERATION_REJECTED},
        )

    async def root_fetch(self, node: FetchNode) -> None:
        body = await self.call(node, self._variables_for(node))
        if isinstance(body, FetchFailure):
            path = node.response_keys[:1] or None
            self.errors.append(fetch_failure(node.service_name, body.message, body.code, path))
            return
        for error in body.get("errors") or ():
            self.errors.append(repath_root_error(error, node.service_name))
        result = body.get("data")
        if isinstance(result, dict):
            if node.output_rewrites:
                apply_rewrites(result, node.output_rewrites)
            deep_merge(self.data, result)

    async def entity_fetch(self, node: FetchNode, path: tuple[PathElement, ...]) -> None:
        objects = objects_at(self.data, path)
        rewrite = (
            partial(apply_rewrites, rewrites=node.input_rewrites) if node.input_rewrites else None
        )
        reps = collect_representations(objects, node.requires or (), rewrite)
        if not reps.values:
            return
        variables = self._variables_for(node)
        variables["representations"] = reps.values
        body = await self.call(node, variables)
        service = node.service_name
        where = _Origins(self.data, path, reps.origins)
        if isinstance(body, FetchFailure):
            failure = fetch_failure(service, body.message, body.code, where.failure_path(node))
            self.errors.append(failure)
            return
        for error in body.get("errors") or ():
            self.errors.append(repath_entity_error(error, service, where))
        result = body.get("data")
        entities = result.get("_entities") if isinstance(result, dict) else None
        if entities is None:
            if not body.get("errors"):
                message = f"Subgraph '{service}' returned no _entities and no errors."
                failure = fetch_failure(
                    service, message, SUBREQUEST_MALFORMED_RESPONSE, where.failure_path(node)
                )
                self.errors.append(failure)
            return
        if not isinstance(entities, list) or len(entities) != len(reps.values):
            message = f"Subgraph '{service}' returned a malformed _entities list."
            failure = fetch_failure(
                service, message, SUBREQUEST_MALFORMED_RESPONSE, where.failure_path(node)
            )
            self.errors.append(failure)
            return
        if node.output_rewrites:
            for entity in entities:
                if isinstance(entity, dict):
                    apply_rewrites(entity, node.output_rewrites)
        for index in merge_entities(entities, reps.origins):
            self.errors.append(_not_an_entity(node, where, index))


class _Deadline:
    """`asyncio.timeout` for one fetch, without its bookkeeping (a fetch is the hottest await).

    Cancels the current task once `seconds` pass (`_Deadlines` keeps the time). `close`
    (always, when the fetch ends) withdraws it or, if it fired, takes its cancellation back, as
    `asyncio.timeout` does with the task's cancellation count; `timed_out` then tells a
    CancelledError of ours (to become a timeout error) from one of the caller's (to pass on).
    """

    __slots__ = ("_cancelling", "_deadlines", "_expired", "_ours", "_task", "when")

    def __init__(self, deadlines: _Deadlines, seconds: float) -> None:
        task = asyncio.current_task(deadlines.loop)
        assert task is not None
        self._task = task
        self._cancelling = task.cancelling()
        self._ours = False
        self._expired = False
        self._deadlines = deadlines
        self.when = deadlines.loop.time() + seconds
        deadlines.add(self)

    def expire(self) -> None:
        self._expired = True
        self._task.cancel()

    def close(self) -> None:
        if self._expired:
            self._ours = self._task.uncancel() <= self._cancelling
        else:
            self._deadlines.pending.discard(self)

    def timed_out(self) -> bool:
        return self._ours


class _Deadlines:
    """The pending fetch deadlines of one event loop, behind one timer.

    A timer per fetch (`call_later`) makes a handle and a libuv timer and cancels both when the
    fetch ends, nearly always long before its deadline.  Here a deadline is an entry in a set;
    one timer, set for the earliest deadline it knows, expires what is due when it fires and is
    set again for the earliest left.  Fetches with the same timeout end in about the order they
    started, so the timer moves only for a deadline earlier than the one it waits for.
    """

    __slots__ = ("_at", "_handle", "loop", "pending")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.pending: set[_Deadline] = set()
        self._handle: asyncio.TimerHandle | None = None
        self._at = _NEVER

    def add(self, deadline: _Deadline) -> None:
        self.pending.add(deadline)
        if deadline.when < self._at:
            self._set(deadline.when)

    def _set(self, when: float) -> None:
        if self._handle is not None:
            self._handle.cancel()
        self._at = when
        self._handle = self.loop.call_at(when, self._fire)

    def _fire(self) -> None:
        self._handle = None
        self._at = _NEVER
        # A timer may fire a little early (libuv counts milliseconds): what is due within the
        # clock's resolution is due now, as in asyncio's own scheduling.
        now = self.loop.time() + _RESOLUTION
        due: list[_Deadline] = []
        earliest = _NEVER
        for deadline in self.pending:
            when = deadline.when
            if when <= now:
                due.append(deadline)
            elif when < earliest:
                earliest = when
        for deadline in due:
            self.pending.discard(deadline)
            deadline.expire()
        if earliest < _NEVER:
            self._set(earliest)


_NEVER = float("inf")
_RESOLUTION = 0.001


class _LoopDeadlines:
    """The `_Deadlines` of the loop last asked for (nearly always the only one)."""

    __slots__ = ("current",)

    def __init__(self) -> None:
        self.current: _Deadlines | None = None

    def of(self, loop: asyncio.AbstractEventLoop) -> _Deadlines:
        current = self.current
        if current is None or current.loop is not loop:
            # Another loop (tests run many): its deadlines keep their own table and timer.
            current = self.current = _Deadlines(loop)
        return current


_LOOP_DEADLINES = _LoopDeadlines()


class _Origins:
    """Client paths of the objects behind each representation, found only if an error asks."""

    __slots__ = ("_data", "_origins", "_path", "_paths")

    def __init__(
        self,
        data: dict[str, Any],
        path: tuple[PathElement, ...],
        origins: list[list[dict[str, Any]]],
    ) -> None:
        self._data = data
        self._path = path
        self._origins = origins
        self._paths: dict[int, tuple[str | int, ...]] | None = None

    def __call__(self, index: int) -> tuple[str | int, ...] | None:
        if not 0 <= index < len(self._origins):
            return None
        if self._paths is None:
            self._paths = {id(obj): where for obj, where in located_at(self._data, self._path)}
        return self._paths.get(id(self._origins[index][0]))

    def failure_path(self, node: FetchNode) -> tuple[str | int, ...] | None:
        """Where a failed fetch's error points: the first object's first fetched field."""
        where = self(0)
        if where is None:
            return None
        keys = node.response_keys
        return (*where, keys[0]) if keys else where


def _not_an_entity(node: FetchNode, where: _Origins, index: int) -> GraphQLFormattedError:
    """The error for an `_entities` item that is neither an object nor null."""
    origin = where(index)
    keys = node.response_keys
    path = None if origin is None else (*origin, keys[0]) if keys else origin
    message = f"Subgraph '{node.service_name}' returned an _entities item that is not an object."
    return fetch_failure(node.service_name, message, SUBREQUEST_MALFORMED_RESPONSE, path)


def _plan_text(plan: QueryPlan, cached: Callable[[], str] | None) -> str:
    try:
        return cached() if cached is not None else print_plan(plan)
    except Exception:  # the log line must not fail: the printer parses every operation
        return "(the plan could not be printed)"


# Refusals by the gateway's own traffic controls: the breaker logs its transitions and the
# metrics count both, so a line per fetch would only flood the log while a breaker is open.
_QUIET_CODES = frozenset({"SUBGRAPH_UNAVAILABLE", "RATE_LIMITED"})


def _failed(service: str, message: str, code: str) -> FetchFailure:
    # Operators see failures in the log too; the message is the client's, so it holds no secrets.
    level = logging.DEBUG if code in _QUIET_CODES else logging.WARNING
    logger.log(level, "subgraph %r: %s (%s)", service, message, code)
    return FetchFailure(message=message, code=code)


def _is_graphql_response(body: Any) -> bool:
    if not isinstance(body, dict):
        return False
    if "data" not in body and "errors" not in body:
        return False
    data = body.get("data")
    errors = body.get("errors")
    return (data is None or isinstance(data, dict)) and (errors is None or isinstance(errors, list))
