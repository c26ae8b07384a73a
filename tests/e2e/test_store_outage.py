"""A stalled graph store through the gateway: the tutors fields fail fast with the store named,
the rest of the answer stands (once a tutors query waited out the driver's 60 s handshake
wait, and the gateway gave up at 30 s)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from gateway.server import create_app, gateway_from_sdl
from shared.subgraph.timeouts import StoreTimeouts
from subgraphs.tutors.app import build_app
from subgraphs.tutors.settings import Settings
from tests.subgraphs.stalling import StallingProxy, stalling_proxy
from tests.support.platform import Platform
from tests.support.servers import serve_in_thread

ROOT = Path(__file__).resolve().parents[2]
QUERY = '{ tutor(id: "tutor-0007") { id headline } user(id: "user-0007") { id } }'


@pytest.fixture
def stalled_tutors(platform: Platform, gateway_secret: str) -> Iterator[tuple[str, StallingProxy]]:
    with stalling_proxy(("127.0.0.1", platform.stores.bolt_port)) as proxy:
        settings = Settings(
            neo4j_url=f"bolt://127.0.0.1:{proxy.port}",
            timeouts=StoreTimeouts(connect=1.0, query=2.0),
        )
        with serve_in_thread(build_app(settings, secret=gateway_secret)) as tutors:
            urls = {**platform.subgraph_urls, "tutors": f"{tutors}/graphql"}
            sdl = (ROOT / "schema" / "supergraph.graphql").read_text()
            gateway = gateway_from_sdl(sdl, url_overrides=urls)
            assert not isinstance(gateway, Exception), gateway
            with serve_in_thread(create_app(gateway)) as base:
                yield f"{base}/graphql", proxy


def test_a_stalled_graph_store_is_a_fast_error_and_the_rest_stands(
    stalled_tutors: tuple[str, StallingProxy],
) -> None:
    url, proxy = stalled_tutors
    healthy = httpx.post(url, json={"query": QUERY}, timeout=30).json()
    assert healthy["data"]["tutor"]["id"] == "tutor-0007", healthy
    proxy.stall()
    started = time.monotonic()
    answer = httpx.post(url, json={"query": QUERY}, timeout=30)
    elapsed = time.monotonic() - started
    assert elapsed < 8, f"{elapsed:.1f}s"
    assert answer.status_code == 200
    body = answer.json()
    assert body["data"] == {"tutor": None, "user": {"id": "user-0007"}}, body
    [error] = body["errors"]
    assert error["extensions"]["code"] == "SERVICE_UNAVAILABLE", error
    assert "the tutors store" in error["message"]
    assert "Traceback" not in answer.text
