"""The provider through Stripe's SDK against the local stand-in: a charge, a decline, a refund,
and webhooks that verify by signature (sent by the stand-in, received over a real socket)."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest

from subgraphs.payments.provider import (
    InvalidWebhook,
    PaymentDeclined,
    Provider,
    ProviderError,
    ProviderSettings,
)
from tests.subgraphs.payments.helpers import CARD, DECLINED, card_method, payment, webhooks


async def test_a_charge_is_paid_and_refunded(provider: Provider, stand_in: str) -> None:
    paying = payment(1)
    intent = await provider.charge(paying, await card_method(stand_in, CARD))
    assert intent.paid is True
    assert intent.id.startswith("pi_")
    refund_id = await provider.refund(dataclasses.replace(paying, provider_id=intent.id))
    assert refund_id.startswith("re_")
    with pytest.raises(ProviderError, match="never reached"):
        await provider.refund(paying)  # no PaymentIntent yet


async def test_a_declined_card_is_a_coded_error(provider: Provider, stand_in: str) -> None:
    with pytest.raises(PaymentDeclined) as declined:
        await provider.charge(payment(2), await card_method(stand_in, DECLINED))
    assert declined.value.code == "card_declined"


async def test_webhooks_verify_by_signature(provider: Provider, stand_in: str) -> None:
    async with webhooks(stand_in) as received:
        paying = payment(3)
        intent = await provider.charge(paying, await card_method(stand_in, CARD))
        # Every delivery verifies; the one for this charge's success comes among them.
        while True:
            body, signature = await asyncio.wait_for(received.get(), timeout=10)
            event = provider.event(body, signature)
            assert event.id.startswith("evt_")
            if event.type == "payment_intent.succeeded" and event.intent_id == intent.id:
                break
    assert event.payment_id == paying.id  # from the intent's metadata
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
