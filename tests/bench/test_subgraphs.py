"""The bench subgraphs answer the benchmark's queries correctly, over a real socket.

Only correctness: the benchmark itself (`uv run task bench`) never runs in the test command.
The server is started as `python -m bench.subgraphs` from the repository root, like the runner.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]
QUERIES = REPO / "bench" / "queries"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.subgraphs", "--port", str(port)],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            if process.poll() is not None:
                raise RuntimeError(process.stderr.read().decode() if process.stderr else "")
            try:
                if httpx.get(f"{url}/health").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stderr:
            process.stderr.close()


def _post(url: str, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    response = httpx.post(url, json={"query": query, "variables": variables}, timeout=30)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    return body


def test_direct_answers_the_heavy_query_as_expected(base_url: str) -> None:
    expected = json.loads((QUERIES / "heavy.expected.json").read_text())
    answer = _post(f"{base_url}/direct", (QUERIES / "heavy.graphql").read_text())
    assert answer == expected
    assert len(json.dumps(answer, separators=(",", ":"))) > 80_000  # the scenario's ~90 KB


def test_repeated_request_gets_identical_bytes(base_url: str) -> None:
    body = {"query": "{ users { id username } }"}
    first = httpx.post(f"{base_url}/accounts", json=body)
    second = httpx.post(f"{base_url}/accounts", json=body)
    assert first.content == second.content
    assert first.json()["data"]["users"][0] == {"id": "1", "username": "urigo"}
    assert len(first.json()["data"]["users"]) == 6


def test_inventory_estimates_shipping_from_required_fields(base_url: str) -> None:
    query = (
        "query($r:[_Any!]!){_entities(representations:$r)"
        "{...on Product{upc inStock shippingEstimate}}}"
    )
    reps = [
        {"__typename": "Product", "upc": "1", "price": 899, "weight": 100},
        {"__typename": "Product", "upc": "2", "price": 1299, "weight": 1000},
    ]
    data = _post(f"{base_url}/inventory", query, {"r": reps})["data"]
    assert data["_entities"] == [
        {"upc": "1", "inStock": True, "shippingEstimate": 50},
        {"upc": "2", "inStock": False, "shippingEstimate": 0},
    ]


def test_reviews_resolve_users_and_products_and_provide_author_username(base_url: str) -> None:
    query = (
        "query($r:[_Any!]!){_entities(representations:$r){"
        "...on User{reviews{id}} ...on Product{reviews{id author{id username}}}}}"
    )
    reps = [{"__typename": "User", "id": "4"}, {"__typename": "Product", "upc": "4"}]
    data = _post(f"{base_url}/reviews", query, {"r": reps})["data"]
    assert data["_entities"][0] == {"reviews": [{"id": "1"}, {"id": "2"}]}
    assert data["_entities"][1]["reviews"] == [
        {"id": "10", "author": {"id": "1", "username": "urigo"}},
        {"id": "11", "author": {"id": "1", "username": "urigo"}},
    ]


def test_products_serve_top_products_and_their_sdl(base_url: str) -> None:
    data = _post(f"{base_url}/products", "{ topProducts { upc name price } _service { sdl } }")
    assert [p["name"] for p in data["data"]["topProducts"]] == [
        "Table", "Couch", "Glass", "Chair", "TV",
    ]  # fmt: skip
    assert '@key(fields: "upc")' in data["data"]["_service"]["sdl"]


def test_scale_subgraphs_agree_with_the_scale_monolith(base_url: str) -> None:
    direct = _post(f"{base_url}/scale-direct", "{ items(n: 3) { id price weight inStock "
                   "shippingEstimate } }")["data"]["items"]  # fmt: skip
    items = _post(f"{base_url}/items", "{ items(n: 3) { id price weight } }")["data"]["items"]
    query = (
        "query($r:[_Any!]!){_entities(representations:$r){...on Item{inStock shippingEstimate}}}"
    )
    reps = [{"__typename": "Item", **item} for item in items]
    stock = _post(f"{base_url}/stock", query, {"r": reps})["data"]["_entities"]
    assert [{**item, **extra} for item, extra in zip(items, stock, strict=True)] == direct
    assert [item["id"] for item in direct] == ["1", "2", "3"]


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("/accounts", b"not json", 400),
        ("/accounts", b'{"query": 1}', 400),
        ("/nowhere", b'{"query": "{ me { id } }"}', 404),
    ],
)
def test_bad_requests_get_a_graphql_error_not_a_traceback(
    base_url: str, path: str, body: bytes, status: int
) -> None:
    response = httpx.post(f"{base_url}{path}", content=body)
    assert response.status_code == status
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


def test_stats_count_every_call_answered(base_url: str) -> None:
    """The benchmark reads this count to report each gateway's subgraph calls per request."""
    before = httpx.get(f"{base_url}/stats").json()["requests"]
    body = {"query": "{ users { id } }"}
    for _ in range(3):
        assert httpx.post(f"{base_url}/accounts", json=body).status_code == 200
    assert httpx.post(f"{base_url}/nowhere", json=body).status_code == 404  # not a call answered
    assert httpx.get(f"{base_url}/stats").json()["requests"] == before + 3
