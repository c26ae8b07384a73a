"""The local run's wiring: where each subgraph reaches the others, and Stripe's webhooks."""

from __future__ import annotations

import json
from pathlib import Path

from shared.launcher.platform import WEBHOOK_PATH, links, register_webhooks
from shared.launcher.services import SUBGRAPHS, subgraphs
from shared.stores import StoreUrls
from shared.stores.payments import payments_provider


def test_every_subgraph_runs_on_its_own_port_from_the_base() -> None:
    ports = {s.name: s.port for s in subgraphs(23000)}
    assert ports == {
        "accounts": 23001,
        "tutors": 23002,
        "reviews": 23003,
        "scheduling": 23004,
        "payments": 23005,
        "learning": 23006,
    }
    # Published in this order: payments requires fields the others own.
    assert SUBGRAPHS[-1].name == "payments"


def test_links_name_every_url_one_subgraph_calls_another_at() -> None:
    assert links(subgraphs(23000)) == {
        "REVIEWS_SCHEDULING_URL": "http://127.0.0.1:23004/graphql",
        "REVIEWS_LEARNING_URL": "http://127.0.0.1:23006/graphql",
        "SCHEDULING_PAYMENTS_URL": "http://127.0.0.1:23005/graphql",
        "PAYMENTS_SCHEDULING_URL": "http://127.0.0.1:23004/graphql",
        "PAYMENTS_LEARNING_URL": "http://127.0.0.1:23006/graphql",
    }


def test_the_webhook_path_is_the_one_payments_serves() -> None:
    from subgraphs.payments.app import WEBHOOK_PATH as served

    assert served == WEBHOOK_PATH


def test_payments_webhook_is_registered_with_the_local_stripe(tmp_path: Path) -> None:
    server = payments_provider(tmp_path)
    port = server.start()["stripe"]
    try:
        urls = StoreUrls(postgres_port=1, bolt_port=2, redis_port=3, mongo_port=4, stripe_port=port)
        payments = next(s for s in subgraphs(23000) if s.name == "payments")
        register_webhooks(urls, payments)
        register_webhooks(urls, payments)  # every start registers again, replacing it
        kept = json.loads((tmp_path / "localstripe" / "webhooks.json").read_text())
        environment = urls.environment()
        assert kept == {
            "payments": {
                "url": "http://127.0.0.1:23005/webhooks/stripe",
                "secret": environment["PAYMENTS_STRIPE_WEBHOOK_SECRET"],
                "events": None,
            }
        }
    finally:
        server.stop()
