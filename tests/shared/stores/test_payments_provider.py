"""The local payments provider: Stripe's official SDK pays, refunds and is declined against it;
it listens on 127.0.0.1 only and keeps its objects and webhook endpoints under our data directory
across restarts."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import httpx
import psutil
import pytest
import stripe

from shared.stores._daemon import Daemon
from shared.stores.payments import payments_provider

CARD = "4242424242424242"
DECLINED = "4000000000000341"  # attaches, then every charge is declined


@pytest.fixture
def provider(tmp_path: Path) -> Iterator[Daemon]:
    server = payments_provider(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _client(server: Daemon) -> stripe.StripeClient:
    ports = server.running_ports()
    assert ports is not None
    base = f"http://127.0.0.1:{ports['stripe']}"
    return stripe.StripeClient("sk_test_local", base_addresses={"api": base})


def _pay(client: stripe.StripeClient, number: str, amount: int) -> stripe.PaymentIntent:
    card = {"number": number, "exp_month": 12, "exp_year": 2040, "cvc": "123"}
    method = client.v1.payment_methods.create(params={"type": "card", "card": card})
    params: stripe.PaymentIntentCreateParams = {
        "amount": amount,
        "currency": "eur",
        "payment_method": method.id,
        "payment_method_types": ["card"],
        "metadata": {"booking": "booking-1"},
    }
    intent = client.v1.payment_intents.create(params=params)
    assert intent.status == "requires_confirmation"
    return client.v1.payment_intents.confirm(intent.id)


def test_the_sdk_pays_and_refunds(provider: Daemon) -> None:
    client = _client(provider)
    paid = _pay(client, CARD, 5_000)
    assert paid.status == "succeeded"
    assert paid.amount == 5_000
    assert paid.metadata["booking"] == "booking-1"
    refund = client.v1.refunds.create(params={"payment_intent": paid.id})
    assert refund.status == "succeeded"
    assert refund.amount == 5_000


def test_a_declined_card_is_refused_and_the_payment_stays_unpaid(provider: Daemon) -> None:
    client = _client(provider)
    with pytest.raises(stripe.CardError) as refused:
        _pay(client, DECLINED, 1_000)
    assert refused.value.code == "card_declined"
    # The intent is still there, waiting for another payment method.
    intents = client.v1.payment_intents.list()
    assert [intent.status for intent in intents.data] == ["requires_payment_method"]


def test_it_listens_on_loopback_only(provider: Daemon) -> None:
    state = provider._state()
    assert state is not None
    pid, ports = state
    listening = [
        c.laddr
        for c in psutil.Process(pid).net_connections(kind="inet")
        if c.status == psutil.CONN_LISTEN
    ]
    assert listening, "the provider has no listening socket"
    assert {address.ip for address in listening} == {"127.0.0.1"}
    assert {address.port for address in listening} == {ports["stripe"]}


def test_objects_survive_a_restart_in_our_data_directory(tmp_path: Path) -> None:
    server = payments_provider(tmp_path)
    server.start()
    try:
        paid = _pay(_client(server), CARD, 2_500)
        server.stop()
        assert server.running_ports() is None
        server.start()
        again = _client(server).v1.payment_intents.retrieve(paid.id)
        assert again.status == "succeeded"
        assert again.amount == 2_500
    finally:
        server.stop()
    saved = tmp_path / "localstripe" / "objects.pickle"
    assert saved.exists()
    assert paid.id.encode() in saved.read_bytes()


class _Receiver(BaseHTTPRequestHandler):
    received: list[tuple[bytes, str]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((body, self.headers["Stripe-Signature"]))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *_: object) -> None:
        return


def test_webhook_endpoints_survive_a_restart_and_events_come_signed(tmp_path: Path) -> None:
    """The launcher registers payments' webhook once per run; a server revived after a crash
    must keep sending events there."""
    receiver = HTTPServer(("127.0.0.1", 0), _Receiver)
    _Receiver.received = []
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    server = payments_provider(tmp_path)
    ports = server.start()
    try:
        base = f"http://127.0.0.1:{ports['stripe']}"
        hook = {"url": f"http://127.0.0.1:{receiver.server_port}/hook", "secret": "whsec_x"}
        httpx.post(f"{base}/_config/webhooks/payments", data=hook).raise_for_status()
        saved = json.loads((tmp_path / "localstripe" / "webhooks.json").read_text())
        assert saved["payments"]["url"] == hook["url"]
        server.stop()
        server.start()
        paid = _pay(_client(server), CARD, 1_500)
        deadline = 30.0
        while not any(paid.id.encode() in body for body, _ in _Receiver.received):
            assert deadline > 0, "no webhook for the payment after the restart"
            threading.Event().wait(0.2)
            deadline -= 0.2
        body, signature = next(r for r in _Receiver.received if paid.id.encode() in r[0])
        stamp, digest = (part.split("=", 1)[1] for part in signature.split(","))
        expected = hmac.new(b"whsec_x", f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
        assert digest == expected
    finally:
        server.stop()
        receiver.shutdown()
        receiver.server_close()
