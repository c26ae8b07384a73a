"""Around each HTTP fetch to a subgraph: its circuit breaker, its rate limit, and retries.

The transport calls `SubgraphGuard.call` for every request it actually sends (after in-flight
deduplication: identical queries sharing one fetch count once).  Per subgraph, in order:

1. the breaker (`gateway.traffic.breaker`): open, the fetch fails at once with
   SUBGRAPH_UNAVAILABLE;
2. the rate limit (`rate_limits.subgraphs`): over it, the fetch fails with RATE_LIMITED;
3. the fetch, tried again when it is a query whose connection failed before any of the answer
   arrived (`ConnectionFailed`), within the retry budget, after a jittered backoff;
4. its outcome to the breaker: a failure is no answer (connection error, the subgraph's timeout
   expiring) or one `is_failure` judges so (5xx, 429, not a GraphQL body).

A fetch cancelled once the subgraph's timeout has passed (its last caller's timeout expired)
counts as a failure; one cancelled earlier (the client went away) counts as nothing.  Identical
queries share one fetch, and under load new callers would keep joining a hung one, so that it
never ended and never counted: with a breaker, `share_epoch` makes the transport start a new
shared fetch (through the breaker) every timeout instead of joining one older than that.

The executor turns these errors into null fields with a located error for that subgraph only.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable, Mapping
from typing import TypeVar

from gateway.config import CircuitBreakerConfig, RateLimit, RetriesConfig
from gateway.execution import ExecutionOptions, SubgraphFetchError
from gateway.traffic.breaker import Admission, CircuitBreaker
from gateway.traffic.budget import RetryBudget
from gateway.traffic.errors import RATE_LIMITED, SUBGRAPH_UNAVAILABLE, ConnectionFailed
from gateway.traffic.gcra import Rate
from gateway.traffic.observer import TrafficObserver
from gateway.traffic.store import LimitStore

__all__ = ["SubgraphGuard"]

T = TypeVar("T")
# A fetch cancelled this close to the subgraph's timeout was its timeout: the executor's clock
# started a little earlier (before the fetch reached this guard, which under load may take
# milliseconds), and a client that gives up this late is as good as timed out.
_TIMEOUT_SLACK_SHARE = 0.1
_TIMEOUT_SLACK_MIN = 0.05


class _Subgraph:
    __slots__ = ("breaker", "budget", "key", "rate", "timeout")

    def __init__(
        self,
        breaker: CircuitBreaker | None,
        budget: RetryBudget | None,
        rate: Rate | None,
        key: str,
        timeout: float | None,
    ) -> None:
        self.breaker = breaker
        self.budget = budget
        self.rate = rate
        self.key = key
        self.timeout = timeout


class SubgraphGuard:
    """The configured controls, with one breaker, budget and limit per subgraph name."""

    def __init__(
        self,
        *,
        breaker: CircuitBreakerConfig,
        retries: RetriesConfig,
        limits: Mapping[str, RateLimit],
        store: LimitStore,
        observer: TrafficObserver,
        options: ExecutionOptions | None = None,
    ) -> None:
        self.breaker = breaker if breaker.enabled else None
        self.retries = retries if retries.enabled and retries.max_retries > 0 else None
        self.rates = {name: Rate.of(r.limit, r.window_seconds) for name, r in limits.items()}
        self.store = store
        self.observer = observer
        self.options = options or ExecutionOptions()
        self._subgraphs: dict[str, _Subgraph] = {}

    @property
    def active(self) -> bool:
        return bool(self.breaker or self.retries or self.rates)

    def share_epoch(self, subgraph: str) -> int | None:
        """With a breaker: the number of the subgraph-timeout-long period now, so that shared
        fetches of different periods are not joined (see the module docstring); else None."""
        if self.breaker is None:
            return None
        timeout = (self._subgraphs.get(subgraph) or self._subgraph(subgraph)).timeout
        if timeout is None:
            return None
        return int(asyncio.get_running_loop().time() / timeout)

    def _subgraph(self, name: str) -> _Subgraph:
        found = self._subgraphs.get(name)
        if found is None:
            retries = self.retries
            found = self._subgraphs[name] = _Subgraph(
                None if self.breaker is None else CircuitBreaker(name, self.breaker, self.observer),
                None
                if retries is None
                else RetryBudget(
                    ratio=retries.budget_ratio,
                    window=retries.budget_window_seconds,
                    min_per_second=retries.min_retries_per_second,
                ),
                self.rates.get(name),
                f"subgraph:{name}",
                self.options.timeout_for(name),
            )
        return found

    async def call(
        self,
        subgraph: str,
        kind: str,
        send: Callable[[], Awaitable[T]],
        is_failure: Callable[[T], bool],
    ) -> T:
        """`send()`'s result, under the subgraph's controls (module docstring)."""
        state = self._subgraphs.get(subgraph) or self._subgraph(subgraph)
        breaker = state.breaker
        if breaker is None and state.rate is None:
            return await self._attempts(subgraph, kind, send, state)  # retries only
        admission = Admission.PASS if breaker is None else breaker.allow()
        if admission is Admission.REFUSED:
            raise SubgraphFetchError(
                f"Subgraph '{subgraph}' is unavailable: it failed repeatedly and is given "
                f"time to recover (circuit breaker open).",
                code=SUBGRAPH_UNAVAILABLE,
            )
        if state.rate is not None and await self.store.take(state.key, state.rate) > 0:
            if breaker is not None:
                breaker.release(admission)
            self.observer.rate_limited(state.key)
            raise SubgraphFetchError(
                f"Too many requests to subgraph '{subgraph}': its rate limit is reached.",
                code=RATE_LIMITED,
            )
        if breaker is None:
            return await self._attempts(subgraph, kind, send, state)
        loop = asyncio.get_running_loop()
        started = loop.time()
        try:
            result = await self._attempts(subgraph, kind, send, state)
        except SubgraphFetchError:
            breaker.failed(admission)
            raise
        except asyncio.CancelledError:
            if _timed_out(state.timeout, loop.time() - started):
                breaker.failed(admission)  # the executor's timeout: no answer in time
            else:
                breaker.release(admission)  # the client went away
            raise
        except BaseException:
            breaker.release(admission)
            raise
        if is_failure(result):
            breaker.failed(admission)
        else:
            breaker.succeeded(admission)
        return result

    async def _attempts(
        self, subgraph: str, kind: str, send: Callable[[], Awaitable[T]], state: _Subgraph
    ) -> T:
        if state.budget is None:
            return await send()
        state.budget.fetched()
        try:
            return await send()
        except ConnectionFailed as error:
            return await self.retry(subgraph, kind, send, error)

    @property
    def retries_only(self) -> bool:
        """Only retries are on: the transport counts and retries without `call`'s wrapping."""
        return self.breaker is None and not self.rates and self.retries is not None

    def fetched(self, subgraph: str) -> None:
        """A first attempt of a fetch to `subgraph` is made (the retry budget counts them)."""
        budget = (self._subgraphs.get(subgraph) or self._subgraph(subgraph)).budget
        if budget is not None:
            budget.fetched()

    async def retry(
        self, subgraph: str, kind: str, send: Callable[[], Awaitable[T]], error: ConnectionFailed
    ) -> T:
        """`send()` tried again after its first attempt failed with `error`, while the retries
        and the budget allow; the last error is raised when they do not."""
        budget = (self._subgraphs.get(subgraph) or self._subgraph(subgraph)).budget
        retries = self.retries
        attempt = 0
        while True:
            # Never a mutation: it may have run even though no answer came back.
            if (
                kind != "query"
                or budget is None
                or retries is None
                or attempt >= retries.max_retries
                or not budget.withdraw()
            ):
                raise error
            attempt += 1
            self.observer.retried(subgraph)
            # Full jitter: spread the retries of many requests that failed together.
            delay = random.uniform(0.0, retries.backoff_seconds * 2 ** (attempt - 1))
            if delay > 0:
                await asyncio.sleep(delay)
            try:
                return await send()
            except ConnectionFailed as again:
                error = again


def _timed_out(timeout: float | None, elapsed: float) -> bool:
    if timeout is None:
        return False
    return elapsed >= timeout - max(timeout * _TIMEOUT_SLACK_SHARE, _TIMEOUT_SLACK_MIN)
