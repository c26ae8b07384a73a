"""Readiness: the gateway has a supergraph and every subgraph answers `{ __typename }`.

Each subgraph is asked through the serving pipeline's own path (its pooled client and header
plan), so a subgraph that refuses requests without the gateway's shared secret is probed with it,
exactly like real traffic.  A subgraph is up when it answers within `timeout` with a GraphQL body
holding `data` and no errors (2xx; the client turns other statuses into errors).  The report is
cached for `ttl` seconds and concurrent callers share one round of probes, so frequent `/ready`
polls from load balancers never hammer the subgraphs.

`serving_supergraph` says which supergraph answers: where it came from (file, URL, registry, or
the registry's cache when the registry could not be reached at start-up), its version and id.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Protocol

from gateway.execution import SubgraphFetchError, SubgraphRequest
from gateway.pipeline import RequestPipeline
from gateway.request import RequestContext
from gateway.server.runtime.sources import SupergraphOrigin
from gateway.transport import SubgraphHttpClient

__all__ = ["ReadinessReport", "Serving", "SubgraphReadiness", "serving_supergraph"]

logger = logging.getLogger(__name__)

PROBE_QUERY = "{ __typename }"
_PROBE_CONTEXT = RequestContext(request_id="readiness-probe")


class Serving(Protocol):
    """What readiness looks at: the pipeline and pools currently serving (a `Gateway`)."""

    pipeline: RequestPipeline
    client: SubgraphHttpClient


def serving_supergraph(
    pipeline: RequestPipeline, origin: SupergraphOrigin | None
) -> dict[str, str | None] | None:
    """`{"source", "version", "etag", "id"}` of the serving supergraph; None when its origin is
    unknown (a gateway built from SDL in code)."""
    if origin is None:
        return None
    return {
        "source": origin.source,
        "version": origin.version,
        "etag": origin.etag,
        "id": pipeline.supergraph.id,
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadinessReport:
    ready: bool
    supergraph_id: str
    # subgraph name -> why it is not ready (absent when it answered)
    failures: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


class SubgraphReadiness:
    """`await readiness()` is True when every subgraph of the serving supergraph answers."""

    def __init__(self, serving: Serving, *, timeout: float = 2.0, ttl: float = 5.0) -> None:
        self.serving = serving
        self.timeout = timeout
        self.ttl = ttl
        self._cached: tuple[float, RequestPipeline, ReadinessReport] | None = None
        self._round: asyncio.Task[ReadinessReport] | None = None
        self._last_ready: bool | None = None

    async def __call__(self) -> bool:
        return (await self.report()).ready

    async def report(self) -> ReadinessReport:
        pipeline = self.serving.pipeline
        cached = self._cached
        # A reload invalidates the cache: the new supergraph may name other subgraphs.
        if cached is not None and cached[1] is pipeline and time.monotonic() - cached[0] < self.ttl:
            return cached[2]
        if self._round is None or self._round.done():
            self._round = asyncio.get_running_loop().create_task(self._probe_all(pipeline))
        # Shielded: one caller going away (a client hanging up) must not cancel the others' round.
        return await asyncio.shield(self._round)

    async def _probe_all(self, pipeline: RequestPipeline) -> ReadinessReport:
        names = sorted(self.serving.client.endpoints)
        # Past the subgraph guard: a probe must not trip, heal or wait for a circuit breaker.
        client = pipeline.fetch
        bare = client.unguarded if isinstance(client, SubgraphHttpClient) else client
        fetch = pipeline.stages.headers.fetcher(bare, _PROBE_CONTEXT)
        outcomes = await asyncio.gather(*(self._probe(fetch, name) for name in names))
        failures = {name: why for name, why in zip(names, outcomes, strict=True) if why}
        report = ReadinessReport(
            ready=not failures,
            supergraph_id=pipeline.supergraph.id,
            failures=MappingProxyType(failures),
        )
        self._cached = (time.monotonic(), pipeline, report)
        if report.ready != self._last_ready:
            self._last_ready = report.ready
            if report.ready:
                logger.info("gateway ready: all %d subgraphs answer", len(names))
            else:
                detail = "; ".join(f"{name}: {why}" for name, why in sorted(failures.items()))
                logger.warning("gateway not ready: %s", detail)
        return report

    async def _probe(self, fetch: Any, name: str) -> str:
        """Why subgraph `name` is not ready, or "" when it answered."""
        request = SubgraphRequest(service_name=name, query=PROBE_QUERY, variables={})
        try:
            async with asyncio.timeout(self.timeout):
                body = await fetch(request)
        except TimeoutError:
            return f"no answer within {self.timeout:g}s"
        except SubgraphFetchError as error:
            return error.message
        except Exception as error:  # a probe must report, never raise
            return f"probe failed: {type(error).__name__}"
        if not isinstance(body, dict) or not isinstance(body.get("data"), dict):
            return "answered without data"
        if body.get("errors"):
            return "answered with errors"
        return ""

    async def close(self) -> None:
        if self._round is not None and not self._round.done():
            self._round.cancel()
            await asyncio.gather(self._round, return_exceptions=True)
