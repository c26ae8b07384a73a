"""`UsageObserver` on the request path: a sample per executed request, nothing else, never a
failure; everything else goes to the observer it wraps."""

from __future__ import annotations

from typing import Any

from gateway.config import GatewayConfig, UsageConfig
from gateway.request import ExecutedOperation
from gateway.usage import UsageObserver, UsageReporter
from tests.server.inprocess import PREFLIGHT, app_for, client_for, stand_in_gateway
from tests.server.recording import RecordingObserver

CLIENT = {"apollographql-client-name": "web", "apollographql-client-version": "3.1"}


class Kept(UsageReporter):
    """Keeps what the request path hands over (no report is ever sent)."""

    def __init__(self, *, fail: bool = False) -> None:
        super().__init__(UsageConfig(), url="http://127.0.0.1:9/usage")
        self.kept: list[tuple[ExecutedOperation, str, str, bool]] = []
        self.durations: list[float] = []
        self.fail = fail

    def record(
        self,
        executed: ExecutedOperation,
        name: str,
        version: str,
        errors: bool,
        milliseconds: float = 0.0,
    ) -> None:
        if self.fail:
            raise RuntimeError("the reporter is broken")
        self.kept.append((executed, name, version, errors))
        self.durations.append(milliseconds)


def _app(reporter: Kept, inner: RecordingObserver) -> Any:
    observer = UsageObserver(inner, reporter, UsageConfig())
    return app_for(stand_in_gateway(observer=observer), GatewayConfig())


async def test_an_executed_request_leaves_one_sample_with_its_client() -> None:
    reporter, inner = Kept(), RecordingObserver()
    async with client_for(_app(reporter, inner)) as client:
        ok = await client.post(
            "/graphql", json={"query": "query Me { me { name } }"}, headers=CLIENT
        )
        anonymous = await client.post("/graphql", json={"query": "{ me { id } }"})
        refused = await client.post("/graphql", json={"query": "{ me { nope } }"}, headers=CLIENT)
        undecodable = await client.post(
            "/graphql", content=b"{", headers={"content-type": "application/json", **PREFLIGHT}
        )
    assert [r.status_code for r in (ok, anonymous)] == [200, 200]
    assert refused.json()["errors"]
    assert undecodable.status_code == 400
    [(me, name, version, errors), (other, *client)] = reporter.kept
    assert (name, version, errors) == ("web", "3.1", False)
    assert me.operation.name is not None
    assert me.operation.name.value == "Me"
    assert me.supergraph_id == "sg-1"
    assert client == ["", "", False]
    assert other.document_hash != me.document_hash
    # Each request's duration, from the start of its observed block to its answer.
    assert len(reporter.durations) == 2
    assert all(0 < milliseconds < 60_000 for milliseconds in reporter.durations)
    # The wrapped observer still saw every request.
    assert len(inner.records) == 4


async def test_a_broken_reporter_never_fails_the_request() -> None:
    reporter, inner = Kept(fail=True), RecordingObserver()
    async with client_for(_app(reporter, inner)) as client:
        response = await client.post("/graphql", json={"query": "{ me { name } }"})
    assert response.json() == {"data": {"me": {"name": "Ada"}}}
    assert len(inner.records) == 1
