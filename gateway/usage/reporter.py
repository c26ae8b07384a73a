"""`UsageReporter`: samples in on the request path, aggregated reports out to the registry.

The request path calls `record` only: one append to a bounded list, or, when `max_queue`
samples already wait, one count in `gateway_usage_dropped_total`.  Nothing there awaits,
parses or sends.  Every `flush_seconds` a background task (`start`) runs `flush`:

    samples of the window ──signatures (worker thread, cached)──▶ aggregates ──▶ outbox
    outbox ──POST {"operations": [...]} in chunks of max_operations_per_report──▶ registry

An aggregate the registry did not take (no answer, a status other than 2xx) stays in the outbox
and is sent once more at the next flush; after a second failure it is dropped and counted.  The
outbox holds at most `max_queue` aggregates: beyond, the oldest go (and are counted).  `stop`
sends what is left once, within `timeout_seconds`.  Reporting failures are logged (the first
of a run at WARNING, a refused token at ERROR) and never reach a client.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol

import aiohttp
import orjson

from gateway.config import UsageConfig
from gateway.operation.lru import LruCache
from gateway.request import ExecutedOperation
from gateway.usage.aggregate import (
    Aggregate,
    Sample,
    Signature,
    SignatureKey,
    aggregate,
    signature_key,
    signature_of,
)

__all__ = ["FlushResult", "NoUsageMetrics", "UsageMetrics", "UsageReporter"]

logger = logging.getLogger(__name__)

# Signatures kept (one per supergraph, document and operation name).
SIGNATURE_CACHE_SIZE = 4096
# A report is delivered or dropped after this many attempts (the first and one retry).
MAX_ATTEMPTS = 2


class UsageMetrics(Protocol):
    """Where the reporter counts (`gateway.telemetry.Telemetry` implements it)."""

    def usage_dropped(self, operations: int) -> None:
        """`operations` requests will never be reported (queue full, report failed twice)."""
        ...

    def usage_reported(self, operations: int) -> None:
        """The registry accepted reports covering `operations` requests."""
        ...


class NoUsageMetrics:
    def usage_dropped(self, operations: int) -> None:
        return None

    def usage_reported(self, operations: int) -> None:
        return None


class _Problem(NamedTuple):
    reason: str
    # The registry refused the token (401/403).
    denied: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class FlushResult:
    """What one flush did, counted in requests (`operations`) and aggregates (`entries`)."""

    reported: int = 0
    sent_entries: int = 0
    kept_entries: int = 0
    dropped: int = 0


class UsageReporter:
    """Reports usage to `url` (the registry's usage endpoint) with `headers` (its token)."""

    def __init__(
        self,
        config: UsageConfig,
        *,
        url: str,
        headers: Mapping[str, str] | None = None,
        metrics: UsageMetrics | None = None,
        clock: Callable[[], float] = time.time,
        credentials_hint: str = "the registry token",
    ) -> None:
        self.config = config
        self.url = url
        self.headers = {"content-type": "application/json", **(headers or {})}
        self.metrics: UsageMetrics = metrics or NoUsageMetrics()
        self.clock = clock
        self.credentials_hint = credentials_hint
        self.max_queue = config.max_queue
        self._queue: list[Sample] = []
        # Samples taken from the queue and not yet aggregated (a flush cancelled half-way).
        self._taken: list[Sample] = []
        self._outbox: list[Aggregate] = []
        self._signatures: LruCache[SignatureKey, Signature] = LruCache(SIGNATURE_CACHE_SIZE)
        self._window_start = clock()
        self._lock = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None
        self._session: aiohttp.ClientSession | None = None
        self._failing: str | None = None

    # The request path.

    def record(
        self,
        executed: ExecutedOperation,
        client_name: str,
        client_version: str,
        errors: bool,
        milliseconds: float = 0.0,
    ) -> None:
        """Leaves one executed request, and how long it took, for the next report: O(1), never
        blocks, never raises."""
        queue = self._queue
        if len(queue) >= self.max_queue:
            self.metrics.usage_dropped(1)
            return
        queue.append(Sample(executed, client_name, client_version, errors, milliseconds))

    @property
    def waiting(self) -> int:
        """Samples not yet aggregated."""
        return len(self._queue) + len(self._taken)

    @property
    def outbox(self) -> Sequence[Aggregate]:
        """Aggregates waiting to be sent (the oldest first)."""
        return tuple(self._outbox)

    # The service.

    async def start(self) -> None:
        if self._task is None:
            self._window_start = self.clock()
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        """Stops the schedule, then sends what is left once, within `timeout_seconds`."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        try:
            async with asyncio.timeout(self.config.timeout_seconds):
                await self.flush(final=True)
        except TimeoutError:
            logger.warning(
                "usage report at shutdown did not finish within %gs", self.config.timeout_seconds
            )
        except Exception:
            logger.exception("usage report at shutdown failed")
        finally:
            self._drop_everything()
            if self._session is not None:
                await self._session.close()
                self._session = None

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.config.flush_seconds)
            try:
                await self.flush()
            except Exception:  # a bug here must not end reporting for the process's life
                logger.exception("usage report failed")

    async def flush(self, *, final: bool = False) -> FlushResult:
        """Aggregates the window's samples and sends the outbox; `final`: no retry later."""
        async with self._lock:
            dropped = await self._aggregate()
            reported, sent, failed = await self._send(final=final)
            if final:
                for entry in self._outbox:
                    dropped += entry.count
                    self.metrics.usage_dropped(entry.count)
                self._outbox.clear()
            return FlushResult(
                reported=reported,
                sent_entries=sent,
                kept_entries=len(self._outbox),
                dropped=dropped + failed,
            )

    async def _aggregate(self) -> int:
        """Moves the window's samples into the outbox; the requests dropped to bound it."""
        end = self.clock()
        taken = self._taken
        taken.extend(self._queue)
        self._queue = []
        missing: dict[SignatureKey, ExecutedOperation] = {}
        for sample in taken:
            key = signature_key(sample.executed)
            if key not in missing and self._signatures.get(key) is None:
                missing[key] = sample.executed
        if missing:
            # Walking documents against the schema is CPU work: off the event loop.
            computed = await asyncio.to_thread(_signatures, missing)
            for key, value in computed.items():
                self._signatures.put(key, value)
        known: dict[SignatureKey, Signature] = {}
        for sample in taken:
            key = signature_key(sample.executed)
            signature = known.get(key) or self._signatures.get(key)
            if signature is not None:
                known[key] = signature
        self._outbox.extend(aggregate(taken, known, start=self._window_start, end=end))
        self._taken = []
        self._window_start = end
        dropped = 0
        excess = len(self._outbox) - self.max_queue
        if excess > 0:
            for entry in self._outbox[:excess]:
                dropped += entry.count
            del self._outbox[:excess]
            self.metrics.usage_dropped(dropped)
        return dropped

    async def _send(self, *, final: bool) -> tuple[int, int, int]:
        """(requests reported, aggregates sent, requests dropped after their last attempt)."""
        reported = sent = dropped = 0
        size = self.config.max_operations_per_report
        pending = list(self._outbox)
        for first in range(0, len(pending), size):
            chunk = pending[first : first + size]
            problem = await self._post(chunk)
            if problem is None:
                count = sum(entry.count for entry in chunk)
                reported += count
                sent += len(chunk)
                self.metrics.usage_reported(count)
                self._delivered(chunk)
                continue
            self._report_problem(problem)
            for entry in chunk:
                entry.attempts += 1
                if entry.attempts >= MAX_ATTEMPTS and not final:
                    dropped += entry.count
            spent = [entry for entry in chunk if entry.attempts >= MAX_ATTEMPTS]
            if spent and not final:
                self._delivered(spent)
                self.metrics.usage_dropped(sum(entry.count for entry in spent))
            break  # the registry is failing: the rest waits for the next flush
        else:
            if self._failing is not None and pending:
                logger.info("usage reports are accepted again by %s", self.url)
                self._failing = None
        return reported, sent, dropped

    def _delivered(self, entries: list[Aggregate]) -> None:
        gone = {id(entry) for entry in entries}
        self._outbox = [entry for entry in self._outbox if id(entry) not in gone]

    async def _post(self, chunk: list[Aggregate]) -> _Problem | None:
        """None when the registry took the report, else why not."""
        body = orjson.dumps({"operations": [entry.as_json() for entry in chunk]})
        if self._session is None or self._session.closed:
            timeout = aiohttp.ClientTimeout(total=self.config.timeout_seconds)
            self._session = aiohttp.ClientSession(timeout=timeout)
        try:
            async with self._session.post(self.url, data=body, headers=self.headers) as response:
                if 200 <= response.status < 300:
                    await response.read()
                    return None
                if response.status in (401, 403):
                    why = f"the registry refused {self.credentials_hint} ({response.status})"
                    return _Problem(why, denied=True)
                why = f"the registry answered {response.status} {response.reason or ''}"
                return _Problem(why.rstrip())
        except TimeoutError:
            why = f"the registry did not answer within {self.config.timeout_seconds:g}s"
            return _Problem(why)
        except aiohttp.ClientError as error:
            return _Problem(f"the registry cannot be reached: {type(error).__name__}")

    def _report_problem(self, problem: _Problem) -> None:
        # One line when reports start failing (or fail differently), not one per flush.
        if problem.reason == self._failing:
            logger.debug("usage report not delivered: %s", problem.reason)
            return
        self._failing = problem.reason
        logger.log(
            logging.ERROR if problem.denied else logging.WARNING,
            "usage report not delivered: %s; retrying at the next flush",
            problem.reason,
        )

    def _drop_everything(self) -> None:
        """Whatever is still held when the reporter stops is lost: counted as dropped."""
        left = len(self._queue) + len(self._taken) + sum(e.count for e in self._outbox)
        if left:
            self.metrics.usage_dropped(left)
        self._queue, self._taken, self._outbox = [], [], []


def _signatures(missing: Mapping[SignatureKey, ExecutedOperation]) -> dict[SignatureKey, Signature]:
    found: dict[SignatureKey, Signature] = {}
    for key, executed in missing.items():
        try:
            found[key] = signature_of(executed)
        except Exception:  # one odd document must not stop the others' reports
            logger.exception("the usage signature of operation %r failed", key[2])
    return found
