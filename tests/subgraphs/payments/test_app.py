"""The payments app on a real socket: a checkout and its payment for the viewer the gateway
forwards, nobody signed in without the gateway's secret, health, metrics, clean errors."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from shared.auth import issue_token
from shared.stores import StoreUrls
from subgraphs.payments.store import Store
from tests.subgraphs.payments.api import ADMIN, CHECKOUT, PAY, STUDENT, lesson
from tests.subgraphs.payments.helpers import CARD, card_method
from tests.subgraphs.payments.served import serve_payments
from tests.support.identity import gateway_identity_headers

pytestmark = pytest.mark.stores


@pytest.fixture
def base_url(store: Store, stores: StoreUrls, stand_in: str, gateway_secret: str) -> Iterator[str]:
    with serve_payments(stores.postgres_url("payments"), stand_in, gateway_secret) as base:
        yield base


async def test_the_forwarded_student_checks_out_and_pays(
    store: Store, base_url: str, gateway_secret: str, stand_in: str
) -> None:
    student = gateway_identity_headers(STUDENT, gateway_secret)
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
        checked = await client.post(
            "/graphql",
            json={"query": CHECKOUT, "variables": {"r": [lesson("booking-http")]}},
            headers=student,
        )
        assert checked.status_code == 200, checked.text
        quote = checked.json()["data"]["_entities"][0]["checkout"]["quote"]
        method = await card_method(stand_in, CARD)
        paid = await client.post(
            "/graphql",
            json={"query": PAY, "variables": {"quote": quote, "method": method}},
            headers=student,
        )
    assert paid.json()["data"]["pay"]["status"] == "SUCCEEDED", paid.text
    assert await store.count() == 1
    # The owner was not reachable: the receipt waits for the sweep.
    assert len(await store.receipts_due(10)) == 1


async def test_nobody_is_signed_in_without_the_gateway_secret(
    store: Store, base_url: str, jwt_secret: str
) -> None:
    body = {"query": CHECKOUT, "variables": {"r": [lesson()]}}
    async with httpx.AsyncClient(base_url=base_url) as client:
        bearer = await client.post(
            "/graphql",
            json=body,
            headers={"Authorization": f"Bearer {issue_token(STUDENT, jwt_secret)}"},
        )
        forged = await client.post(
            "/graphql", json=body, headers=gateway_identity_headers(ADMIN, "x" * 48)
        )
    for anonymous in (bearer, forged):
        assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_health_metrics_and_malformed_requests(store: Store, base_url: str) -> None:
    async with httpx.AsyncClient(base_url=base_url) as client:
        health = await client.get("/health")
        await client.post("/graphql", json={"query": '{ payment(id: "payment-1") { id } }'})
        metrics = await client.get("/metrics")
        not_json = await client.post(
            "/graphql", content=b"{nope", headers={"content-type": "application/json"}
        )
        unknown = await client.post("/graphql", json={"query": "{ nothing }"})
        webhook_get = await client.get("/webhooks/stripe")
    assert health.json() == {"status": "ok"}
    counted = [
        line
        for line in metrics.text.splitlines()
        if line.startswith('subgraph_store_queries_total{store="postgresql"}')
    ]
    assert len(counted) == 1
    assert float(counted[0].split()[-1]) > 0  # the migration at startup at least
    assert 400 <= not_json.status_code < 500
    assert unknown.json()["errors"][0]["message"]
    assert webhook_get.status_code == 405
    for response in (not_json, unknown):
        assert "Traceback" not in response.text
