"""The ASGI app on a real socket: health, GraphQL over HTTP, the viewer the gateway forwards."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from shared.auth import Viewer, issue_token
from subgraphs.tutors.app import build_app
from subgraphs.tutors.seed import seed
from subgraphs.tutors.settings import Settings
from subgraphs.tutors.store import TutorStore
from tests.support.identity import gateway_identity_headers
from tests.support.servers import serve_in_thread

pytestmark = pytest.mark.stores


async def _seeded() -> None:
    store = await TutorStore.open(Settings.from_env())
    try:
        await seed(store)
    finally:
        await store.close()


@pytest.fixture(scope="module")
def served(stores: Any, gateway_secret: str) -> Iterator[str]:
    asyncio.run(_seeded())
    with serve_in_thread(build_app(secret=gateway_secret)) as base:
        yield base


def _post(
    base: str, query: str, variables: Any = None, headers: dict[str, str] | None = None
) -> Any:
    response = httpx.post(
        f"{base}/graphql", json={"query": query, "variables": variables}, headers=headers or {}
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_health_answers_ok(served: str) -> None:
    response = httpx.get(f"{served}/health")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_query_over_http(served: str) -> None:
    body = _post(served, '{ tutor(id: "tutor-0007") { id user { id } } }')
    assert body == {"data": {"tutor": {"id": "tutor-0007", "user": {"id": "user-0007"}}}}


def test_forwarded_identity_signs_the_viewer_in(
    served: str, gateway_secret: str, jwt_secret: str
) -> None:
    mutation = """
    mutation ($input: UpdateTutorProfileInput!) { updateTutorProfile(input: $input) { headline } }
    """
    change = {"input": {"tutorId": "tutor-0007", "headline": "Signed in over HTTP"}}
    owner = Viewer(user_id="user-0007", role="TUTOR")
    body = _post(served, mutation, change, gateway_identity_headers(owner, gateway_secret))
    assert body == {"data": {"updateTutorProfile": {"headline": "Signed in over HTTP"}}}
    for forged in (
        {"Authorization": f"Bearer {issue_token(owner, jwt_secret)}"},
        gateway_identity_headers(owner, "x" * 48),
    ):
        anonymous = _post(served, mutation, change, forged)
        assert [e["extensions"]["code"] for e in anonymous["errors"]] == ["UNAUTHENTICATED"]


def test_broken_requests_get_client_errors_not_tracebacks(served: str) -> None:
    response = httpx.post(
        f"{served}/graphql",
        content=b"{not json",
        headers={"content-type": "application/json"},
    )
    assert 400 <= response.status_code < 500
    assert "Traceback" not in response.text
    body = _post(served, "{ tutor(id: 5) { nope } }")
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


def test_service_sdl_is_served(served: str) -> None:
    body = _post(served, "{ _service { sdl } }")
    assert 'type Tutor @key(fields: "id")' in body["data"]["_service"]["sdl"]
