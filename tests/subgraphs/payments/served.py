"""The payments app on a real socket for the HTTP tests, and webhook events signed as Stripe
signs them."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import time
from collections.abc import Iterator

from starlette.applications import Starlette

from shared.subgraph.timeouts import StoreTimeouts
from subgraphs.payments.app import build_app
from subgraphs.payments.provider import ProviderSettings
from subgraphs.payments.settings import Settings
from tests.subgraphs.payments.api import NOW, SECRET
from tests.subgraphs.payments.helpers import WEBHOOK_SECRET
from tests.support.servers import free_port, serve_in_thread

__all__ = ["event", "payments_app", "serve_payments", "signed"]


def payments_app(
    database_url: str,
    stand_in: str,
    gateway_secret: str,
    *,
    owners_url: str | None = None,
    timeouts: StoreTimeouts | None = None,
) -> Starlette:
    """The app as deployed, over the stand-in; receipts go to `owners_url` (by default
    nowhere: a port nothing listens on)."""
    owners = owners_url or f"http://127.0.0.1:{free_port()}/graphql"
    config = Settings(
        database_url=database_url,
        timeouts=timeouts or StoreTimeouts(),
        provider=ProviderSettings(
            api_key="sk_test_local", webhook_secret=WEBHOOK_SECRET, api_base=stand_in
        ),
        scheduling_url=owners,
        learning_url=owners,
    )
    return build_app(config, secret=gateway_secret, signing=SECRET, clock=lambda: NOW)


@contextlib.contextmanager
def serve_payments(database_url: str, stand_in: str, gateway_secret: str) -> Iterator[str]:
    """The app on a loopback port; yields its base URL."""
    with serve_in_thread(payments_app(database_url, stand_in, gateway_secret)) as base:
        yield base


def event(event_id: str, kind: str, payment_id: str | None, *, intent: str = "pi_test") -> bytes:
    """A Stripe event about a PaymentIntent whose metadata names our payment."""
    metadata = {} if payment_id is None else {"payment": payment_id}
    body = {
        "id": event_id,
        "object": "event",
        "type": kind,
        "created": int(time.time()),
        "data": {"object": {"id": intent, "object": "payment_intent", "metadata": metadata}},
    }
    return json.dumps(body).encode()


def signed(payload: bytes, secret: str = WEBHOOK_SECRET, at: int | None = None) -> str:
    """The `Stripe-Signature` header of `payload`: t=…,v1=HMAC-SHA256(secret, "t.payload")."""
    stamp = int(time.time()) if at is None else at
    mac = hmac.new(secret.encode(), f"{stamp}.".encode() + payload, hashlib.sha256)
    return f"t={stamp},v1={mac.hexdigest()}"
