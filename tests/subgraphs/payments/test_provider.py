"""The provider through Stripe's SDK against the local stand-in: a charge, a decline, a refund,
and webhooks that verify by signature (sent by the stand-in, received over a real socket)."""

from __future__ import annotations

import asyncio
import dataclasses
import socket
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from aiohttp import web

from shared.stores._daemon import Daemon
from shared.stores.payments import payments_provider
from subgraphs.payments.provider import (
    InvalidWebhook,
    PaymentDeclined,
    Provider,
    ProviderError,
    ProviderSettings,
)
from tests.subgraphs.payments.helpers import payment

SECRET = "whsec_test_local"


@pytest.fixture(scope="module")
def stand_in(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server: Daemon = payments_provider(tmp_path_factory.mktemp("provider"))
    ports = server.start()
    try:
        yield f"http://127.0.0.1:{ports['stripe']}"
    finally:
        server.stop()


@pytest.fixture
async def provider(stand_in: str) -> AsyncIterator[Provider]:
    settings = ProviderSettings(api_key="sk_test_local", webhook_secret=SECRET, api_base=stand_in)
    made = Provider(settings)
    try:
        yield made
    finally:
        await made.close()


async def _method(stand_in: str, number: str) -> str:
    card = {"number": number, "exp_month": "12", "exp_year": "2040", "cvc": "123"}
    form = {"type": "card", **{f"card[{k}]": v for k, v in card.items()}}
    async with httpx.AsyncClient(auth=("sk_test_local", "")) as client:
        answer = await client.post(f"{stand_in}/v1/payment_methods", data=form)
    answer.raise_for_status()
    method: str = answer.json()["id"]
    return method


async def test_a_charge_is_paid_and_refunded(provider: Provider, stand_in: str) -> None:
    paying = payment(1)
    intent = await provider.charge(paying, await _method(stand_in, "4242424242424242"))
    assert intent.paid is True
    assert intent.id.startswith("pi_")
    refund_id = await provider.refund(dataclasses.replace(paying, provider_id=intent.id))
    assert refund_id.startswith("re_")
    with pytest.raises(ProviderError, match="never reached"):
        await provider.refund(paying)  # no PaymentIntent yet


async def test_a_declined_card_is_a_coded_error(provider: Provider, stand_in: str) -> None:
    with pytest.raises(PaymentDeclined) as declined:
        await provider.charge(payment(2), await _method(stand_in, "4000000000000341"))
    assert declined.value.code == "card_declined"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def test_webhooks_verify_by_signature(provider: Provider, stand_in: str) -> None:
    received: asyncio.Queue[tuple[bytes, str | None]] = asyncio.Queue()

    async def hook(request: web.Request) -> web.Response:
        await received.put((await request.read(), request.headers.get("Stripe-Signature")))
        return web.Response()

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    port = _free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        async with httpx.AsyncClient() as client:
            registered = await client.post(
                f"{stand_in}/_config/webhooks/test",
                data={"url": f"http://127.0.0.1:{port}/hook", "secret": SECRET},
            )
        registered.raise_for_status()
        intent = await provider.charge(payment(3), await _method(stand_in, "4242424242424242"))
        # Every delivery verifies; the one for this charge's success comes among them.
        while True:
            body, signature = await asyncio.wait_for(received.get(), timeout=10)
            event = provider.event(body, signature)
            assert event.id.startswith("evt_")
            if event.type == "payment_intent.succeeded" and event.intent_id == intent.id:
                break
        with pytest.raises(InvalidWebhook):
            provider.event(body.replace(b"succeeded", b"failed"), signature)  # tampered
        with pytest.raises(InvalidWebhook):
            provider.event(body, None)  # unsigned
        other = Provider(ProviderSettings(api_key="sk", webhook_secret="whsec_other"))
        try:
            with pytest.raises(InvalidWebhook):
                other.event(body, signature)  # signed with another secret
        finally:
            await other.close()
    finally:
        await runner.cleanup()
