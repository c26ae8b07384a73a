"""A subgraph that fails, hangs or answers garbage costs its own fields only (HTTP 200)."""

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from gateway.server import Gateway, create_app, gateway_from_sdl
from tests.support.servers import serve_in_thread

from .conftest import Stack, closed_port_url
from .subgraphs import ChaosControl, supergraph_sdl

QUERY = "{ me { name } flaky }"
SECRET = "tok-3f9a-very-secret"


def _ask(stack: Stack) -> tuple[int, dict[str, Any]]:
    response = stack.query(QUERY, variables={"token": SECRET})
    return response.status_code, response.json()


@pytest.mark.parametrize(
    ("mode", "code"),
    [
        ("500", "SUBREQUEST_HTTP_ERROR"),
        ("garbage", "SUBREQUEST_MALFORMED_RESPONSE"),
        ("wrong-shape", "SUBREQUEST_MALFORMED_RESPONSE"),
        ("hang", "GATEWAY_TIMEOUT"),
    ],
)
def test_failing_root_subgraph_gives_partial_data(
    stack: Stack, chaos: ChaosControl, mode: str, code: str
) -> None:
    chaos.mode = mode
    status, body = _ask(stack)
    assert status == 200
    assert body["data"] == {"me": {"name": "Ada"}, "flaky": None}
    [error] = body["errors"]
    assert error["path"] == ["flaky"]
    assert error["extensions"] == {"code": code, "serviceName": "chaos"}
    assert "chaos" in error["message"]


def test_error_messages_do_not_echo_the_subgraph_request(stack: Stack, chaos: ChaosControl) -> None:
    chaos.mode = "500"
    response = stack.gateway.post(
        "/graphql",
        json={"query": "{ flaky me { id } }", "variables": {"t": SECRET}},
        headers={"authorization": f"Bearer {SECRET}"},
    )
    assert response.status_code == 200
    assert response.json()["errors"][0]["extensions"]["code"] == "SUBREQUEST_HTTP_ERROR"
    assert SECRET not in response.text
    assert "upstream exploded" not in response.text
    assert "query" not in response.json()["errors"][0]["message"]


def test_failing_entity_subgraph_nulls_only_its_fields(stack: Stack, chaos: ChaosControl) -> None:
    chaos.mode = "500"
    body = stack.query("{ users { name status } }").json()
    assert body["data"] == {
        "users": [
            {"name": "Ada", "status": None},
            {"name": "Grace", "status": None},
            {"name": "Linus", "status": None},
        ]
    }
    [error] = body["errors"]
    assert error["path"] == ["users", 0, "status"]
    assert error["extensions"]["serviceName"] == "chaos"


def test_entity_subgraph_answers_once_recovered(stack: Stack, chaos: ChaosControl) -> None:
    chaos.mode = "ok"
    body = stack.query("{ users { status } }").json()
    assert body == {
        "data": {"users": [{"status": "active-1"}, {"status": "active-2"}, {"status": "active-3"}]}
    }


def test_hung_subgraph_does_not_hang_later_requests(stack: Stack, chaos: ChaosControl) -> None:
    chaos.mode = "hang"
    for _ in range(3):
        status, body = _ask(stack)
        assert status == 200
        assert body["errors"][0]["extensions"]["code"] == "GATEWAY_TIMEOUT"
    assert stack.gateway.get("/health").status_code == 200


def test_requests_overlapping_a_hung_fetch_time_out_and_later_ones_recover(
    stack: Stack, chaos: ChaosControl
) -> None:
    chaos.mode = "hang"
    with ThreadPoolExecutor(max_workers=3) as pool:
        answers = list(pool.map(lambda _: _ask(stack), range(3)))
    for status, body in answers:
        assert status == 200
        assert body["errors"][0]["extensions"]["code"] == "GATEWAY_TIMEOUT"
    chaos.mode = "ok"
    # The abandoned shared fetch was cancelled: this identical query gets a fresh one.
    status, body = _ask(stack)
    assert (status, body) == (200, {"data": {"me": {"name": "Ada"}, "flaky": "fine"}})


def test_unreachable_subgraph_is_an_http_error(
    subgraph_urls: tuple[dict[str, str], ChaosControl],
) -> None:
    urls = {**subgraph_urls[0], "chaos": closed_port_url()}
    gateway = gateway_from_sdl(supergraph_sdl(urls))
    assert isinstance(gateway, Gateway)
    with serve_in_thread(create_app(gateway)) as base:
        body = httpx.post(f"{base}/graphql", json={"query": "{ flaky me { id } }"}).json()
    assert body["data"] == {"flaky": None, "me": {"id": "1"}}
    assert body["errors"][0]["extensions"] == {
        "code": "SUBREQUEST_HTTP_ERROR",
        "serviceName": "chaos",
    }
