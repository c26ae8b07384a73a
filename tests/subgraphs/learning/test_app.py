"""The ASGI app on a real socket: viewers the gateway forwards, receipts delivered without a
viewer, health and metrics, clean errors."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from shared.auth import Viewer, issue_token
from subgraphs.learning.app import build_app
from subgraphs.learning.settings import Settings
from subgraphs.learning.store import Store
from tests.subgraphs.learning.helpers import (
    AUTHOR,
    AUTHOR_USER,
    ENROLL,
    NOW,
    STUDENT,
    put_course,
    receipt,
)
from tests.support.identity import gateway_identity_headers
from tests.support.servers import serve_in_thread

pytestmark = pytest.mark.stores

CREATE = """mutation { createCourse(input: {subjectId: "subject-algebra", title: "Algebra",
  level: BEGINNER, price: "19.99"}) { id tutor { id } } }"""
MINE = """{ _entities(representations: [{__typename: "User", id: "user-0300"}]) {
  ... on User { enrollments { totalCount edges { node { course { id } } } } } } }"""


@pytest.fixture
def base_url(
    store: Store, learning_settings: Settings, gateway_secret: str, signing_secret: bytes
) -> Iterator[str]:
    app = build_app(learning_settings, secret=gateway_secret, clock=lambda: NOW)
    with serve_in_thread(app) as base:
        yield base


async def test_app_acts_for_the_forwarded_viewer_only(
    store: Store, base_url: str, gateway_secret: str, jwt_secret: str
) -> None:
    admin = Viewer(user_id="user-1001", role="ADMIN")
    async with httpx.AsyncClient(base_url=base_url) as client:
        ok = await client.post(
            "/graphql",
            json={"query": CREATE},
            headers=gateway_identity_headers(AUTHOR_USER, gateway_secret),
        )
        # Neither a valid token sent straight here nor claims without the secret sign anyone in.
        bearer = await client.post(
            "/graphql",
            json={"query": CREATE},
            headers={"Authorization": f"Bearer {issue_token(admin, jwt_secret)}"},
        )
        forged = await client.post(
            "/graphql", json={"query": CREATE}, headers=gateway_identity_headers(admin, "x" * 48)
        )
    assert ok.status_code == 200
    assert ok.json()["data"]["createCourse"]["tutor"] == {"id": AUTHOR}
    for anonymous in (bearer, forged):
        assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_payments_delivers_a_receipt_without_a_viewer(
    store: Store, base_url: str, gateway_secret: str, signing_secret: bytes
) -> None:
    await put_course(store)
    body = {"query": ENROLL, "variables": {"receipt": receipt(signing_secret)}}
    async with httpx.AsyncClient(base_url=base_url) as client:
        delivered = await client.post("/graphql", json=body)
        forged = await client.post(
            "/graphql", json={**body, "variables": {"receipt": receipt(b"y" * 48)}}
        )
        student = gateway_identity_headers(STUDENT, gateway_secret)
        mine = await client.post("/graphql", json={"query": MINE}, headers=student)
        metrics = await client.get("/metrics")
    assert delivered.json()["data"]["enrollInCourse"]["student"] == {"id": STUDENT.user_id}
    [error] = forged.json()["errors"]
    assert error["extensions"]["code"] == "INVALID_RECEIPT"
    assert "Traceback" not in forged.text
    assert mine.json()["data"]["_entities"] == [
        {"enrollments": {"totalCount": 1, "edges": [{"node": {"course": {"id": "course-1"}}}]}}
    ]
    assert 'subgraph_store_queries_total{store="postgresql"}' in metrics.text


async def test_app_health_and_malformed_requests(base_url: str) -> None:
    async with httpx.AsyncClient(base_url=base_url) as client:
        health = await client.get("/health")
        not_json = await client.post(
            "/graphql", content=b"{nope", headers={"content-type": "application/json"}
        )
        bad_query = await client.post("/graphql", json={"query": "{ course(id: ) }"})
    assert health.json() == {"status": "ok"}
    assert 400 <= not_json.status_code < 500
    assert bad_query.status_code in (200, 400)
    (error,) = bad_query.json()["errors"]
    assert error["message"]
    assert "Traceback" not in bad_query.text


def test_the_app_needs_the_platform_signing_secret(
    learning_settings: Settings, gateway_secret: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PLATFORM_SIGNING_SECRET", raising=False)
    with pytest.raises(RuntimeError, match="PLATFORM_SIGNING_SECRET"):
        build_app(learning_settings, secret=gateway_secret)
