"""The local payments provider: Stripe's official SDK pays, refunds and is declined against it;
it listens on 127.0.0.1 only and keeps its objects under our data directory across restarts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

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
