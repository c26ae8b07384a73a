"""Shared test helpers: payments as the store and the provider see them."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
from aiohttp import web

from subgraphs.payments.model import Payment, PaymentStatus, Purpose
from subgraphs.payments.money import DEFAULT_COMMISSION, Money

TUTOR = "tutor-0007"
WEBHOOK_SECRET = "whsec_test_local"
CARD = "4242424242424242"
DECLINED = "4000000000000341"  # attaches, then every charge is declined


def payment(number: int, booking: str = "booking-1", price: int = 5_000) -> Payment:
    """A PENDING payment for a lesson of `price` euro cents, with the default commission."""
    amount = Money(minor=price, currency="EUR")
    return Payment(
        id=f"payment-{number}",
        purpose=Purpose.BOOKING,
        reference=booking,
        student_id="user-0201",
        tutor_id=TUTOR,
        amount=amount,
        commission=DEFAULT_COMMISSION.split(amount).commission,
        status=PaymentStatus.PENDING,
        provider_id=None,
        created_at=datetime(2026, 12, 7, tzinfo=UTC),
    )


async def card_method(stand_in: str, number: str) -> str:
    """A card PaymentMethod at the stand-in (what Stripe.js makes in a browser)."""
    card = {"number": number, "exp_month": "12", "exp_year": "2040", "cvc": "123"}
    form = {"type": "card", **{f"card[{k}]": v for k, v in card.items()}}
    async with httpx.AsyncClient(auth=("sk_test_local", "")) as client:
        answer = await client.post(f"{stand_in}/v1/payment_methods", data=form)
    answer.raise_for_status()
    method: str = answer.json()["id"]
    return method


@contextlib.asynccontextmanager
async def webhooks(stand_in: str) -> AsyncIterator[asyncio.Queue[tuple[bytes, str | None]]]:
    """A real HTTP receiver registered with the stand-in: each delivery's body and signature."""
    received: asyncio.Queue[tuple[bytes, str | None]] = asyncio.Queue()

    async def hook(request: web.Request) -> web.Response:
        await received.put((await request.read(), request.headers.get("Stripe-Signature")))
        return web.Response()

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        async with httpx.AsyncClient() as client:
            registered = await client.post(
                f"{stand_in}/_config/webhooks/{secrets.token_hex(4)}",
                data={"url": f"http://127.0.0.1:{port}/hook", "secret": WEBHOOK_SECRET},
            )
        registered.raise_for_status()
        yield received
    finally:
        await runner.cleanup()
