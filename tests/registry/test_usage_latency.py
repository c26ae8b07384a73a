"""Latency in usage reports: the histogram's percentiles, reports with and without it over
HTTP, and percentiles read back per operation, client and version (its migration:
test_registry_migrations.py)."""

from __future__ import annotations

import hashlib
import math
import random
from bisect import bisect_left
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gateway.usage.latency import BOUNDS_MS as GATEWAY_BOUNDS_MS
from registry.store.latency import BOUNDS_MS, BUCKETS, merged, percentile
from registry.store.repository import RegistryStore
from tests.registry.conftest import Registry, run_cli
from tests.registry.schemas import PRODUCTS, write

QUERY = "query TopProducts { topProducts { name } }"
DIGEST = hashlib.sha256(QUERY.encode()).hexdigest()

durations = st.lists(st.floats(min_value=0, max_value=200_000, allow_nan=False), min_size=1)


def _histogram(milliseconds: list[float]) -> list[int]:
    counts = [0] * BUCKETS
    for value in milliseconds:
        counts[bisect_left(BOUNDS_MS, value)] += 1
    return counts


def _bucket_range(value: float) -> tuple[float, float]:
    """The bounds of the bucket `value` falls in (lower exclusive)."""
    i = bisect_left(BOUNDS_MS, value)
    lower = 0.0 if i == 0 else float(BOUNDS_MS[i - 1])
    upper = math.inf if i == len(BOUNDS_MS) else float(BOUNDS_MS[i])
    return lower, upper


def test_the_registry_and_the_gateway_use_the_same_bounds() -> None:
    assert BOUNDS_MS == GATEWAY_BOUNDS_MS
    assert list(BOUNDS_MS) == sorted(set(BOUNDS_MS))


@given(st.lists(durations, min_size=1, max_size=5), st.sampled_from([0.5, 0.95, 0.99]))
def test_percentiles_of_merged_histograms_are_within_the_bucket_of_the_true_value(
    reports: list[list[float]], q: float
) -> None:
    everything = sorted(value for report in reports for value in report)
    reference = everything[max(1, math.ceil(q * len(everything))) - 1]
    estimate = percentile(merged(_histogram(report) for report in reports), q)
    assert estimate is not None
    lower, upper = _bucket_range(reference)
    assert lower < estimate <= upper
    assert merged(_histogram(report) for report in reports) == _histogram(everything)


def test_no_durations_have_no_percentile() -> None:
    assert percentile([0] * BUCKETS, 0.5) is None


def _operation(
    client: str, version: str, count: int, latency: dict[str, Any] | None
) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "hash": DIGEST,
        "name": "TopProducts",
        "document": QUERY,
        "client": {"name": client, "version": version},
        "coordinates": ["Query.topProducts", "Product.name"],
        "count": count,
        "errors": 0,
        "window": {"end": datetime.now(UTC).isoformat()},
    }
    if latency is not None:
        operation["latency"] = latency
    return operation


def _latency(milliseconds: list[float]) -> dict[str, Any]:
    return {
        "bounds_ms": list(BOUNDS_MS),
        "counts": _histogram(milliseconds),
        "sum_ms": sum(milliseconds),
    }


def _post(registry: Registry, operations: list[dict[str, Any]]) -> httpx.Response:
    return httpx.post(
        f"{registry.url}/graphs/shop/variants/current/usage",
        json={"operations": operations},
        headers={"Authorization": f"Bearer {registry.admin_token}"},
    )


@pytest.fixture
def shop(registry: Registry, tmp_path: Path) -> Registry:
    result = run_cli(
        "subgraph", "publish", "--graph", "shop", "--name", "products",
        "--schema", write(tmp_path, "products", PRODUCTS),
        "--url", "http://products.internal/graphql",
        url=registry.url, token=registry.admin_token,
    )  # fmt: skip
    assert result.status == 0, result.out + result.err
    return registry


@pytest.mark.stores
async def test_reports_with_and_without_latency_merge_into_percentiles(shop: Registry) -> None:
    rng = random.Random(7)
    web = [[rng.lognormvariate(3, 1) for _ in range(rng.randint(20, 60))] for _ in range(4)]
    ios = [[rng.lognormvariate(5, 0.5) for _ in range(30)] for _ in range(2)]
    for report in web:
        answer = _post(shop, [_operation("web", "4.1", len(report), _latency(report))])
        assert answer.status_code == 202, answer.text
    for report in ios:
        answer = _post(shop, [_operation("ios", "2.3", len(report), _latency(report))])
        assert answer.status_code == 202, answer.text
    # An older gateway's reports: counted, without durations, before or after timed ones.
    assert _post(shop, [_operation("web", "4.0", 11, None)]).status_code == 202
    assert _post(shop, [_operation("web", "4.1", 5, None)]).status_code == 202
    assert _post(shop, [_operation("android", "1", 4, None)]).status_code == 202
    assert _post(shop, [_operation("android", "1", 2, _latency([3.5, 800]))]).status_code == 202

    store = RegistryStore.connect(shop.database_url)
    try:
        window = timedelta(days=1)
        overall = await store.latency("shop", "current", window=window)
        per_client = await store.latency("shop", "current", window=window, per_client=True)
        only_ios = await store.latency("shop", "current", window=window, client_name="ios")
        only_old = await store.latency(
            "shop", "current", window=window, client_name="web", client_version="4.0"
        )
        hourly = await store.hourly_usage("shop", "current", window=window)
    finally:
        await store.engine.dispose()

    everything = [value for report in web + ios for value in report] + [3.5, 800]
    [total] = overall
    assert total.timed == len(everything)
    assert total.mean_ms == pytest.approx(sum(everything) / len(everything))
    for q, estimate in ((0.5, total.p50), (0.95, total.p95), (0.99, total.p99)):
        assert estimate == percentile(_histogram(everything), q)
        reference = sorted(everything)[math.ceil(q * len(everything)) - 1]
        lower, upper = _bucket_range(reference)
        assert estimate is not None
        assert lower < estimate <= upper
    assert {(x.client_name, x.client_version, x.timed) for x in per_client} == {
        ("web", "4.1", sum(map(len, web))),
        ("ios", "2.3", 60),
        ("web", "4.0", 0),
        ("android", "1", 2),
    }
    assert [x.p95 for x in only_ios] == [percentile(_histogram([v for r in ios for v in r]), 0.95)]
    assert [(x.timed, x.p50) for x in only_old] == [(0, None)]
    assert sum(row.count for row in hourly) == len(everything) + 11 + 5 + 4


@pytest.mark.stores
@pytest.mark.parametrize(
    ("latency", "message"),
    [
        ("fast", "operation.latency must be an object"),
        ({"bounds_ms": [1, 10], "counts": [1, 0, 0], "sum_ms": 1}, "bounds_ms"),
        ({"bounds_ms": list(BOUNDS_MS), "counts": [1], "sum_ms": 1}, "counts must be"),
        (
            {"bounds_ms": list(BOUNDS_MS), "counts": [-1] + [0] * (BUCKETS - 1), "sum_ms": 1},
            "non-negative integers",
        ),
        (
            {"bounds_ms": list(BOUNDS_MS), "counts": [2] + [0] * (BUCKETS - 1), "sum_ms": 1},
            "add up to operation.count",
        ),
        (
            {"bounds_ms": list(BOUNDS_MS), "counts": [1] + [0] * (BUCKETS - 1), "sum_ms": "1"},
            "sum_ms must be",
        ),
        (
            {"bounds_ms": list(BOUNDS_MS), "counts": [1] + [0] * (BUCKETS - 1), "sum_ms": -1},
            "sum_ms must be",
        ),
    ],
)
def test_a_malformed_latency_is_refused_with_what_is_wrong(
    shop: Registry, latency: Any, message: str
) -> None:
    answer = _post(shop, [_operation("web", "4.1", 1, None) | {"latency": latency}])
    assert answer.status_code == 400
    assert message in answer.json()["error"]["message"]
