"""`POST /webhooks/stripe` on a real socket: a signed event settles its payment once, a repeat
changes nothing, anything unsigned, tampered or stale is refused, and a store that is down
answers 503 so that the provider delivers again."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import httpx
import pytest

from shared.stores import StoreUrls
from shared.subgraph.timeouts import StoreTimeouts
from subgraphs.payments.app import WEBHOOK_PATH
from subgraphs.payments.ledger import TransactionKind
from subgraphs.payments.model import Payment, PaymentStatus
from subgraphs.payments.store import Store
from tests.subgraphs.payments.helpers import payment
from tests.subgraphs.payments.served import event, payments_app, serve_payments, signed
from tests.subgraphs.stalling import stalling_proxy
from tests.support.servers import serve_in_thread

pytestmark = pytest.mark.stores


@pytest.fixture
def base_url(store: Store, stores: StoreUrls, stand_in: str, gateway_secret: str) -> Iterator[str]:
    with serve_payments(stores.postgres_url("payments"), stand_in, gateway_secret) as base:
        yield base


async def _opened(
    store: Store, number: int, status: PaymentStatus = PaymentStatus.PENDING
) -> Payment:
    opened = await store.open(payment(number, booking=f"booking-w{number}"))
    await store.attach_provider(opened.id, f"pi_w{number}")
    if status is PaymentStatus.SUCCEEDED:
        assert await store.succeed(opened.id)
    return opened


async def _status(store: Store, payment_id: str) -> PaymentStatus:
    return (await store.payments_by_id([payment_id]))[payment_id].status


async def _post(base: str, body: bytes, signature: str | None) -> httpx.Response:
    headers = {"content-type": "application/json"}
    if signature is not None:
        headers["stripe-signature"] = signature
    async with httpx.AsyncClient(base_url=base) as client:
        return await client.post(WEBHOOK_PATH, content=body, headers=headers)


async def _kinds(store: Store, payment_id: str) -> list[TransactionKind]:
    return [t.kind for t in await store.transactions(payment_id)]


async def test_a_signed_event_settles_once_and_a_replay_changes_nothing(
    store: Store, base_url: str
) -> None:
    opened = await _opened(store, 1)
    body = event("evt_w1", "payment_intent.succeeded", opened.id)
    first = await _post(base_url, body, signed(body))
    assert (first.status_code, first.json()) == (200, {"received": True, "handled": True})
    assert await _status(store, opened.id) is PaymentStatus.SUCCEEDED
    replayed = await asyncio.gather(*(_post(base_url, body, signed(body)) for _ in range(3)))
    assert [(r.status_code, r.json()["handled"]) for r in replayed] == [(200, False)] * 3
    assert await _kinds(store, opened.id) == [TransactionKind.CHARGE]
    assert await store.imbalance() == {}


async def test_a_failed_event_fails_and_a_refund_event_reverses_the_charge(
    store: Store, base_url: str
) -> None:
    pending = await _opened(store, 2)
    paid = await _opened(store, 3, PaymentStatus.SUCCEEDED)
    failed = event("evt_w2", "payment_intent.payment_failed", pending.id)
    refunded = event("evt_w3", "charge.refunded", paid.id)
    for body in (failed, refunded):
        answer = await _post(base_url, body, signed(body))
        assert answer.json() == {"received": True, "handled": True}
    assert await _status(store, pending.id) is PaymentStatus.FAILED
    assert await _status(store, paid.id) is PaymentStatus.REFUNDED
    assert await _kinds(store, paid.id) == [TransactionKind.CHARGE, TransactionKind.REFUND]
    assert await store.imbalance() == {}


async def test_events_of_no_payment_of_ours_are_answered_and_ignored(
    store: Store, base_url: str
) -> None:
    for body in (
        event("evt_w4", "payment_intent.succeeded", None),
        event("evt_w5", "customer.created", "payment-unknown"),
        event("evt_w6", "payment_intent.succeeded", "payment-unknown"),
    ):
        answer = await _post(base_url, body, signed(body))
        assert answer.status_code == 200
    assert await store.count() == 0
    assert await store.imbalance() == {}


_NOT_EVENTS = (
    b"[]",
    b"null",
    b'{"id": "evt_x", "object": "event", "type": "payment_intent.succeeded"}',
    b'{"id": 7, "type": "x", "data": {"object": {}}}',
    b'{"id": "evt_y", "type": "x", "data": {"object": 5}}',
)


async def test_unsigned_tampered_foreign_or_stale_events_are_refused(
    store: Store, base_url: str
) -> None:
    opened = await _opened(store, 7)
    body = event("evt_w7", "payment_intent.succeeded", opened.id)
    tampered = body.replace(b"evt_w7", b"evt_w8")
    refused = [
        await _post(base_url, body, None),
        await _post(base_url, body, ""),
        await _post(base_url, body, "t=1,v1=00"),
        await _post(base_url, tampered, signed(body)),
        await _post(base_url, body, signed(body, secret="whsec_someone_else")),
        await _post(base_url, body, signed(body, at=int(time.time()) - 3600)),
        await _post(base_url, b"{not json", signed(b"{not json")),
        # Signed with our secret, yet not an event: refused, never an internal error.
        *[await _post(base_url, odd, signed(odd)) for odd in _NOT_EVENTS],
    ]
    assert [r.status_code for r in refused] == [400] * len(refused)
    assert all("Traceback" not in r.text for r in refused)
    too_large = await _post(base_url, b" " * (1 << 20) + body, None)
    assert too_large.status_code == 413
    assert await _status(store, opened.id) is PaymentStatus.PENDING
    assert await _kinds(store, opened.id) == []


async def test_a_webhook_racing_the_client_confirmation_ends_in_one_state(
    store: Store, base_url: str
) -> None:
    opened = await _opened(store, 9)
    body = event("evt_w9", "payment_intent.succeeded", opened.id)
    answer, confirmed = await asyncio.gather(
        _post(base_url, body, signed(body)), store.succeed(opened.id)
    )
    assert answer.status_code == 200
    assert [answer.json()["handled"], confirmed].count(True) >= 1
    assert await _status(store, opened.id) is PaymentStatus.SUCCEEDED
    assert await _kinds(store, opened.id) == [TransactionKind.CHARGE]


async def test_a_store_that_is_down_answers_503_and_the_next_delivery_settles(
    store: Store, stores: StoreUrls, stand_in: str, gateway_secret: str, base_url: str
) -> None:
    opened = await _opened(store, 10)
    body = event("evt_w10", "payment_intent.succeeded", opened.id)
    fast = StoreTimeouts(connect=1.0, query=1.0)
    with stalling_proxy(("127.0.0.1", stores.postgres_port)) as proxy:
        url = f"postgresql+asyncpg://postgres@127.0.0.1:{proxy.port}/payments"
        with serve_in_thread(payments_app(url, stand_in, gateway_secret, timeouts=fast)) as down:
            proxy.stall()
            answer = await _post(down, body, signed(body))
    assert answer.status_code == 503
    assert answer.json() == {"error": "try again later"}
    assert await _status(store, opened.id) is PaymentStatus.PENDING
    again = await _post(base_url, body, signed(body))  # Stripe's next delivery, store up
    assert again.json() == {"received": True, "handled": True}
    assert await _status(store, opened.id) is PaymentStatus.SUCCEEDED
