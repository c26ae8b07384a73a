"""A store that accepts connections and then never answers costs a subgraph request a few
seconds and a clean SERVICE_UNAVAILABLE error, well within the gateway's 30 s subgraph timeout,
not a hang. Each subgraph is served on a real socket and talks to its real store through a
proxy that stalls on demand (new connections: the handshake never gets an answer; open ones:
the query never does)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from shared.stores import StoreUrls
from shared.subgraph.timeouts import StoreTimeouts
from subgraphs.accounts.app import build_app as accounts_app
from subgraphs.accounts.settings import Settings as AccountsSettings
from subgraphs.accounts.settings import load_settings as accounts_settings
from subgraphs.learning.app import build_app as learning_app
from subgraphs.learning.settings import Settings as LearningSettings
from subgraphs.payments.app import build_app as payments_app
from subgraphs.payments.provider import ProviderSettings
from subgraphs.payments.settings import Settings as PaymentsSettings
from subgraphs.reviews.app import build_app as reviews_app
from subgraphs.reviews.settings import Settings as ReviewsSettings
from subgraphs.scheduling.app import build_app as scheduling_app
from subgraphs.scheduling.settings import Settings as SchedulingSettings
from subgraphs.tutors.app import build_app as tutors_app
from subgraphs.tutors.settings import Settings as TutorsSettings
from tests.subgraphs.stalling import StallingProxy, stalling_proxy
from tests.support.servers import serve_in_thread

pytestmark = pytest.mark.stores

FAST = StoreTimeouts(connect=1.0, query=2.0)
# The query timeout, plus what a slow shared machine needs to answer: far below 30 s.
PROMPT = 8.0
GATEWAY_SUBGRAPH_TIMEOUT = 30.0

QUERIES = {
    "accounts": '{ user(id: "user-0001") { id } }',
    "tutors": '{ tutor(id: "tutor-0001") { id } }',
    "reviews": '{ review(id: "review-00001") { id } }',
    "scheduling": '{ _entities(representations: [{__typename: "Tutor", id: "tutor-0001"}]) '
    "{ ... on Tutor { availabilityRules { weekday } } } }",
    "learning": '{ course(id: "course-0001") { id } }',
    "payments": '{ _entities(representations: [{__typename: "Payment", id: "payment-1"}]) '
    "{ ... on Payment { id } } }",
}


def _accounts(stores: StoreUrls, port: int, secret: str) -> Starlette:
    base = accounts_settings()
    url = f"postgresql+asyncpg://postgres@127.0.0.1:{port}/accounts"
    settings = AccountsSettings(
        database_url=url,
        jwt_secret=base.jwt_secret,
        token_ttl_seconds=base.token_ttl_seconds,
        timeouts=FAST,
    )
    return accounts_app(settings, secret=secret)


def _tutors(stores: StoreUrls, port: int, secret: str) -> Starlette:
    return tutors_app(
        TutorsSettings(neo4j_url=f"bolt://127.0.0.1:{port}", timeouts=FAST), secret=secret
    )


def _reviews(stores: StoreUrls, port: int, secret: str) -> Starlette:
    settings = ReviewsSettings(
        mongo_url=f"mongodb://127.0.0.1:{port}/?directConnection=true",
        database="reviews_timeouts",
        timeouts=FAST,
    )
    return reviews_app(settings, secret=secret)


def _scheduling(stores: StoreUrls, port: int, secret: str) -> Starlette:
    url = f"postgresql+asyncpg://postgres@127.0.0.1:{port}/scheduling"
    return scheduling_app(SchedulingSettings(database_url=url, timeouts=FAST), secret=secret)


def _learning(stores: StoreUrls, port: int, secret: str) -> Starlette:
    url = f"postgresql+asyncpg://postgres@127.0.0.1:{port}/learning"
    settings = LearningSettings(database_url=url, timeouts=FAST)
    return learning_app(settings, secret=secret, receipt_secret=b"r" * 32)


def _payments(stores: StoreUrls, port: int, secret: str) -> Starlette:
    url = f"postgresql+asyncpg://postgres@127.0.0.1:{port}/payments"
    provider = ProviderSettings(api_key="sk_test_timeouts", webhook_secret="whsec_timeouts")
    settings = PaymentsSettings(database_url=url, timeouts=FAST, provider=provider)
    return payments_app(settings, secret=secret, signing=b"s" * 32)


APPS: dict[str, tuple[Callable[[StoreUrls, int, str], Starlette], str]] = {
    "accounts": (_accounts, "postgres_port"),
    "tutors": (_tutors, "bolt_port"),
    "reviews": (_reviews, "mongo_port"),
    "scheduling": (_scheduling, "postgres_port"),
    "learning": (_learning, "postgres_port"),
    "payments": (_payments, "postgres_port"),
}


@pytest.fixture(params=list(APPS))
def served(
    request: pytest.FixtureRequest, stores: StoreUrls, gateway_secret: str
) -> Iterator[tuple[str, str, StallingProxy]]:
    name: str = request.param
    build, port_name = APPS[name]
    with stalling_proxy(("127.0.0.1", getattr(stores, port_name))) as proxy:
        app = build(stores, proxy.port, gateway_secret)
        with serve_in_thread(app) as base:
            yield name, f"{base}/graphql", proxy


def _ask(url: str, query: str) -> tuple[float, dict[str, Any]]:
    started = time.monotonic()
    response = httpx.post(url, json={"query": query}, timeout=GATEWAY_SUBGRAPH_TIMEOUT)
    elapsed = time.monotonic() - started
    assert response.status_code == 200, response.text
    assert "Traceback" not in response.text
    body: dict[str, Any] = response.json()
    return elapsed, body


def test_a_stalled_store_is_a_prompt_clean_error(served: tuple[str, str, StallingProxy]) -> None:
    name, url, proxy = served
    _, healthy = _ask(url, QUERIES[name])
    assert "errors" not in healthy, healthy
    proxy.stall()
    for _ in range(2):  # the pooled connection stalls, then a new one stalls in its handshake
        elapsed, body = _ask(url, QUERIES[name])
        assert elapsed < PROMPT, f"{name} took {elapsed:.1f}s with a stalled store"
        [error] = body["errors"]
        assert error["extensions"]["code"] == "SERVICE_UNAVAILABLE", error
        assert error["extensions"]["store"] == name
        assert f"the {name} store did not answer within 2 s" in error["message"] or (
            f"the {name} store is unavailable" in error["message"]
        ), error


def test_default_store_timeouts_are_well_below_the_gateway_subgraph_timeout() -> None:
    defaults = StoreTimeouts()
    assert defaults.connect + defaults.query <= GATEWAY_SUBGRAPH_TIMEOUT / 2
    assert TutorsSettings(neo4j_url="bolt://x").timeouts == defaults
    assert ReviewsSettings(mongo_url="mongodb://x/").timeouts == defaults
    assert SchedulingSettings(database_url="postgresql+asyncpg://x").timeouts == defaults
    assert LearningSettings(database_url="postgresql+asyncpg://x").timeouts == defaults
    assert PaymentsSettings(database_url="postgresql+asyncpg://x").timeouts == defaults


@pytest.mark.parametrize(
    ("prefix", "read"),
    [
        ("ACCOUNTS_DB", lambda: accounts_settings().timeouts),
        ("TUTORS_NEO4J", lambda: TutorsSettings.from_env().timeouts),
        ("REVIEWS_MONGO", lambda: ReviewsSettings.from_env().timeouts),
        ("SCHEDULING_DB", lambda: SchedulingSettings.from_env().timeouts),
        ("LEARNING_DB", lambda: LearningSettings.from_env().timeouts),
        ("PAYMENTS_DB", lambda: PaymentsSettings.from_env().timeouts),
    ],
)
def test_each_subgraph_reads_its_store_timeouts(
    stores: StoreUrls,
    monkeypatch: pytest.MonkeyPatch,
    prefix: str,
    read: Callable[[], StoreTimeouts],
) -> None:
    monkeypatch.setenv(f"{prefix}_CONNECT_TIMEOUT_SECONDS", "1.5")
    monkeypatch.setenv(f"{prefix}_QUERY_TIMEOUT_SECONDS", "4")
    assert read() == StoreTimeouts(connect=1.5, query=4.0)
    for bad in ("0", "-1", "soon", "nan", "inf"):
        monkeypatch.setenv(f"{prefix}_QUERY_TIMEOUT_SECONDS", bad)
        with pytest.raises(RuntimeError, match=f"{prefix}_QUERY_TIMEOUT_SECONDS"):
            read()
