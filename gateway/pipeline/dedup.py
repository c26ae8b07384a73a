"""Inbound deduplication: identical client queries in flight at once share one execution.

The pipeline asks `InflightRequests.share(key, start)` once a query has passed its own checks
(parsing, authorization, coercion, limits: every request still gets its own refusals); requests
with the same key arriving before the execution finishes get the very same `ExecutionResult`
(its body is encoded once, see `ExecutionResult.encoded`).  Nothing is kept once the execution
finishes: this shares work in flight, it caches no answers.  The sharing itself (shielded
waiters, cancelled when the last one goes away) is `gateway.execution.inflight.InflightTable`.

The key (built by the pipeline) holds everything that can change an answer: the prepared
operation (document, operation name, supergraph, override labels, authorization), the
variables, the verified claims and every client header that is forwarded to a subgraph.
"""

from __future__ import annotations

from gateway.execution.inflight import InflightTable
from gateway.request.outcome import ExecutionResult

__all__ = ["InflightRequests"]


class InflightRequests(InflightTable[ExecutionResult]):
    """The client queries executing now, by what makes their answers equal."""

    __slots__ = ()
