"""A subgraph's /metrics: the queries its store counted, by store, in Prometheus' text format."""

from __future__ import annotations

from typing import Any

import httpx
import strawberry
from prometheus_client.parser import text_string_to_metric_families
from starlette.requests import Request

from shared.auth import Viewer
from shared.subgraph import StoreQueries, build_schema, create_app
from tests.support.servers import serve_in_thread

SECRET = "s" * 40


@strawberry.type
class Query:
    @strawberry.field
    def ping(self) -> str:
        return "pong"


async def _context(request: Request, viewer: Viewer | None) -> dict[str, Any]:
    return {"request": request, "viewer": viewer}


def _totals(text: str) -> dict[str, float]:
    return {
        sample.labels["store"]: sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "subgraph_store_queries_total"
    }


def test_counters_count_per_store_and_start_at_zero() -> None:
    queries = StoreQueries()
    postgres = queries.counter("postgresql")
    queries.counter("mongodb")
    postgres()
    postgres()
    assert (queries.value("postgresql"), queries.value("mongodb")) == (2, 0)
    assert queries.value("neo4j") == 0
    assert _totals(queries.render().decode()) == {"postgresql": 2.0, "mongodb": 0.0}


def test_two_subgraphs_in_one_process_count_apart() -> None:
    first, second = StoreQueries(), StoreQueries()
    first.counter("neo4j")()
    assert (first.value("neo4j"), second.value("neo4j")) == (1, 0)


def test_the_app_serves_its_store_queries_at_metrics() -> None:
    queries = StoreQueries()
    count = queries.counter("neo4j")
    app = create_app(
        schema=build_schema(query=Query),
        context=_context,
        gateway_secret=SECRET,
        store_queries=queries,
    )
    with serve_in_thread(app) as base:
        for _ in range(3):
            count()
        answer = httpx.get(f"{base}/metrics", timeout=10)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain; version=")
    assert _totals(answer.text) == {"neo4j": 3.0}


def test_an_app_without_a_store_serves_empty_metrics() -> None:
    app = create_app(schema=build_schema(query=Query), context=_context, gateway_secret=SECRET)
    with serve_in_thread(app) as base:
        answer = httpx.get(f"{base}/metrics", timeout=10)
    assert answer.status_code == 200
    assert _totals(answer.text) == {}
