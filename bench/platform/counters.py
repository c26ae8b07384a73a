"""What one request costs behind the gateway: store queries (each subgraph's
`subgraph_store_queries_total`) and subgraph fetches (the gateway's fetch histogram), read from
the /metrics of every process before and after a run of requests."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from prometheus_client.parser import text_string_to_metric_families

from bench.platform.client import get_text

__all__ = ["Costs", "Snapshot", "settle", "snapshot"]

STORE_QUERIES = "subgraph_store_queries"
FETCHES = "gateway_subgraph_fetch_duration_seconds"
IN_FLIGHT = "gateway_requests_in_flight"


@dataclass(frozen=True, slots=True, kw_only=True)
class Snapshot:
    """Counters at one moment: store queries by (subgraph, store), fetches by subgraph."""

    queries: Mapping[tuple[str, str], float]
    fetches: Mapping[str, float]


def _samples(text: str, family: str, sample: str, label: str) -> dict[str, float]:
    """The non-zero values of `sample` in `family`, by the value of `label` ("" for none)."""
    found: dict[str, float] = {}
    for metric in text_string_to_metric_families(text):
        if metric.name == family:
            for s in metric.samples:
                if s.name == sample and s.value:
                    found[s.labels.get(label, "")] = s.value
    return found


def snapshot(
    gateway: str, subgraphs: Mapping[str, str], read: Callable[[str], str] = get_text
) -> Snapshot:
    """The counters now; `gateway` and `subgraphs` are base URLs (their /metrics is read)."""
    queries: dict[tuple[str, str], float] = {}
    for name, base in subgraphs.items():
        text = read(f"{base}/metrics")
        for store, value in _samples(
            text, STORE_QUERIES, f"{STORE_QUERIES}_total", "store"
        ).items():
            queries[(name, store)] = value
    fetches = _samples(read(f"{gateway}/metrics"), FETCHES, f"{FETCHES}_count", "subgraph")
    return Snapshot(queries=queries, fetches=fetches)


def settle(gateway: str, timeout: float = 60.0, read: Callable[[str], str] = get_text) -> None:
    """Wait until the gateway answers no request: a load run leaves requests in flight when it
    stops (a sign-in takes a few hundred milliseconds), whose fetches would count for the next
    flow otherwise."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = read(f"{gateway}/metrics")
        if not _samples(text, IN_FLIGHT, IN_FLIGHT, ""):
            break
        time.sleep(0.1)
    # The subgraph calls of the last request end before its answer; their store work too.
    time.sleep(0.2)


@dataclass(frozen=True, slots=True, kw_only=True)
class Costs:
    """Per request: store queries by (subgraph, store) and subgraph fetches by subgraph."""

    requests: int
    queries: Mapping[tuple[str, str], float]
    fetches: Mapping[str, float]

    @classmethod
    def between(cls, before: Snapshot, after: Snapshot, requests: int) -> Costs:
        queries = {k: v - before.queries.get(k, 0.0) for k, v in after.queries.items()}
        fetches = {k: v - before.fetches.get(k, 0.0) for k, v in after.fetches.items()}
        n = max(requests, 1)
        return cls(
            requests=requests,
            queries={k: v / n for k, v in queries.items() if v},
            fetches={k: v / n for k, v in fetches.items() if v},
        )

    def by_store(self, store: str) -> float:
        return sum(v for (_, s), v in self.queries.items() if s == store)

    def of_store(self, store: str, subgraphs: Sequence[str]) -> list[tuple[str, float]]:
        """(subgraph, queries) for `store`, in `subgraphs` order, those with any."""
        return [(n, self.queries[(n, store)]) for n in subgraphs if (n, store) in self.queries]
