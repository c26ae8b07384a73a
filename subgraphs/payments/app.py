"""The payments subgraph's ASGI app; `app` is built on first access from the environment.

Besides /graphql (behind the gateway), it serves the provider's webhooks at
`POST /webhooks/stripe`: verified by their signature, settled exactly once (a repeated delivery
answers 200 and changes nothing), and answered 503 while the store is down so that Stripe
delivers them again. Receipts not yet taken by their owners are sent again every
`PAYMENTS_RECEIPT_RETRY_SECONDS`.
"""

from __future__ import annotations

import logging

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from shared.auth import Viewer, gateway_secret
from shared.errors import StoreUnavailable
from shared.signing import signing_secret
from shared.subgraph import create_app, lazy_app
from shared.subgraph.courier import Sweeper
from subgraphs.payments.context import Clock, Context, system_clock
from subgraphs.payments.owners import CourierOwners
from subgraphs.payments.provider import InvalidWebhook, Provider
from subgraphs.payments.schema import schema
from subgraphs.payments.service import Payments
from subgraphs.payments.settings import Settings
from subgraphs.payments.store import Store

__all__ = ["WEBHOOK_PATH", "build_app"]

log = logging.getLogger("subgraphs.payments.app")

WEBHOOK_PATH = "/webhooks/stripe"
_MAX_WEBHOOK_BYTES = 1 << 20


def build_app(
    settings: Settings | None = None,
    *,
    secret: str | None = None,
    signing: bytes | None = None,
    clock: Clock = system_clock,
) -> Starlette:
    """An app that connects and migrates on startup. Quotes and receipts sign under `signing`
    (default `PLATFORM_SIGNING_SECRET`); `clock` decides what "now" is."""
    config = settings or Settings.from_env()
    if config.provider is None:
        raise RuntimeError(
            "PAYMENTS_STRIPE_API_KEY and PAYMENTS_STRIPE_WEBHOOK_SECRET must be set to serve"
        )
    shared_secret = secret or gateway_secret()
    store = Store.connect(config)
    provider = Provider(config.provider)
    owners = CourierOwners(
        scheduling_url=config.scheduling_url,
        learning_url=config.learning_url,
        secret=shared_secret,
        timeout=config.peer_timeout,
    )
    payments = Payments(
        store=store,
        provider=provider,
        commission=config.commission,
        quote_secret=signing or signing_secret(),
        clock=clock,
        owners=owners,
    )
    sweeper = Sweeper("receipts", payments.sweep_receipts, config.receipt_retry_seconds)

    async def startup() -> None:
        await store.migrate()
        sweeper.start()

    async def shutdown() -> None:
        await sweeper.close()
        await owners.close()
        await provider.close()
        await store.close()

    async def context(_: Request, viewer: Viewer | None) -> Context:
        return Context.for_request(payments, store, viewer, clock)

    async def webhook(request: Request) -> JSONResponse:
        payload = await request.body()
        if len(payload) > _MAX_WEBHOOK_BYTES:
            return JSONResponse({"error": "the event is too large"}, status_code=413)
        try:
            event = provider.event(payload, request.headers.get("stripe-signature"))
        except InvalidWebhook as error:
            return JSONResponse({"error": str(error)}, status_code=400)
        try:
            handled = await payments.on_event(event)
        except StoreUnavailable:
            log.warning("webhook %s not handled: the store is unavailable", event.id)
            return JSONResponse({"error": "try again later"}, status_code=503)
        return JSONResponse({"received": True, "handled": handled})

    return create_app(
        schema=schema,
        context=context,
        gateway_secret=shared_secret,
        startup=startup,
        shutdown=shutdown,
        routes=[Route(WEBHOOK_PATH, webhook, methods=["POST"])],
        store_queries=store.store_queries,
    )


# `app` for uvicorn, built on first access: importing this module needs no environment.
__getattr__ = lazy_app(build_app)
