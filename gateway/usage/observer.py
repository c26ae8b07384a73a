"""`UsageObserver`: the gateway's observer, plus one usage sample per executed request.

It wraps the observer it is given (telemetry) and forwards everything to it; when a request's
block ends it reads what the server recorded, and when the pipeline executed an operation
(`Answer.executed`: parsed, validated, planned and run) it leaves a sample for the reporter:
the operation, the client's name and version from their headers, whether the answer had
errors, and how long it took (as the inner observer timed it: `RequestRecord.seconds`).
Refused requests have no executed operation and are not reported.  Nothing here can fail a
request: a problem is logged.
"""

from __future__ import annotations

import logging
from types import TracebackType

from gateway.config import UsageConfig
from gateway.execution import SubgraphFetcher
from gateway.request import Observer, RequestContext, RequestRecord
from gateway.usage.reporter import UsageReporter

__all__ = ["UsageObserver"]

logger = logging.getLogger(__name__)


class UsageObserver:
    """An `Observer` that reports executed operations to `reporter` and forwards the rest."""

    def __init__(self, inner: Observer, reporter: UsageReporter, config: UsageConfig) -> None:
        self.inner = inner
        self.reporter = reporter
        self.name_header = config.client_name_header.lower()
        self.version_header = config.client_version_header.lower()

    def request(self, context: RequestContext) -> _UsageScope:
        return _UsageScope(self, context)

    def plan_cache(self, *, hit: bool) -> None:
        self.inner.plan_cache(hit=hit)

    def deduplicated(self) -> None:
        self.inner.deduplicated()

    def fetcher(self, fetch: SubgraphFetcher) -> SubgraphFetcher:
        return self.inner.fetcher(fetch)


class _UsageScope:
    """The inner observer's scope, and a sample when it ends (a class: cheaper than a
    generator on the hot path)."""

    __slots__ = ("inner", "observer", "record")

    def __init__(self, observer: UsageObserver, context: RequestContext) -> None:
        self.observer = observer
        self.inner = observer.inner.request(context)

    def __enter__(self) -> RequestRecord:
        self.record = self.inner.__enter__()
        return self.record

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool | None:
        suppressed = self.inner.__exit__(exc_type, exc, traceback)
        if exc is None:
            try:
                self._sample(1000 * self.record.seconds)
            except Exception:  # usage must never turn an answered request into a failed one
                logger.exception("recording a request's usage failed")
        return suppressed

    def _sample(self, milliseconds: float) -> None:
        response = self.record.response
        if response is None:
            return
        executed = response.executed
        if executed is None:
            return
        observer = self.observer
        headers = self.record.context.headers
        observer.reporter.record(
            executed,
            headers.get(observer.name_header, ""),
            headers.get(observer.version_header, ""),
            bool(response.body.get("errors")),
            milliseconds,
        )
