"""The scheduling subgraph's ASGI app; `app` is built on first access from the environment.

Queries and mutations over HTTP; subscriptions over WebSocket (`graphql-transport-ws`) on the
same path, fed by this process's one LISTEN connection (`hub.EventHub`), opened on startup.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.websockets import WebSocket

from shared.auth import Viewer, gateway_secret
from shared.signing import signing_secret
from shared.subgraph import create_app, lazy_app
from shared.subgraph.courier import Courier, Sweeper
from subgraphs.scheduling.context import Clock, Context, PaymentLinks, system_clock
from subgraphs.scheduling.hub import EventHub
from subgraphs.scheduling.model import Booking
from subgraphs.scheduling.notices import REFUND_MUTATION, RefundNotices
from subgraphs.scheduling.schema import schema
from subgraphs.scheduling.settings import Settings
from subgraphs.scheduling.store import Store

__all__ = ["build_app"]


def build_app(
    settings: Settings | None = None,
    *,
    secret: str | None = None,
    clock: Clock = system_clock,
    signing: bytes | None = None,
) -> Starlette:
    """An app that connects and migrates on startup; `clock` decides what "now" is; `signing`
    is the platform's signing secret (by default `PLATFORM_SIGNING_SECRET`)."""
    signing = signing or signing_secret()
    config = settings or Settings.from_env()
    store = Store.connect(config)
    hubs: list[EventHub] = []
    shared_secret = secret or gateway_secret()
    notices = RefundNotices(
        store=store,
        courier=Courier(
            name="payments",
            url=config.payments_url,
            mutation=REFUND_MUTATION,
            secret=shared_secret,
            timeout=config.payments_timeout,
        ),
        secret=signing,
        clock=clock,
    )
    links = PaymentLinks(hold=config.payment_hold, signing_secret=signing, notices=notices)
    sweeper = Sweeper("refund notices", notices.sweep, config.notice_retry_seconds)

    async def read_booking(booking_id: str) -> Booking | None:
        return (await store.bookings_by_id([booking_id])).get(booking_id)

    async def startup() -> None:
        await store.migrate()
        # Built here, in the serving event loop, which its queues and tasks belong to.
        hub = EventHub(
            connect=store.listen_connection,
            read_booking=read_booking,
            queue_size=config.subscription_queue_size,
        )
        await hub.start()
        hubs.append(hub)
        sweeper.start()

    async def shutdown() -> None:
        await sweeper.close()
        await notices.close()
        for hub in hubs:
            await hub.close()
        hubs.clear()
        await store.close()

    async def context(_: Request, viewer: Viewer | None) -> Context:
        return Context.for_request(store, viewer, clock, payments=links)

    async def connection_context(_: WebSocket, viewer: Viewer | None) -> Context:
        return Context.for_request(store, viewer, clock, hubs[0] if hubs else None, links)

    return create_app(
        schema=schema,
        context=context,
        subscription_context=connection_context,
        gateway_secret=shared_secret,
        startup=startup,
        shutdown=shutdown,
        store_queries=store.store_queries,
    )


# `app` for uvicorn, built on first access: importing this module needs no environment.
__getattr__ = lazy_app(build_app)
