"""The GraphQL endpoint in-process: status codes per media type, identity, observer, request id."""

from __future__ import annotations

import re
from typing import Any

import orjson

from gateway.config import GatewayConfig, ServerConfig, TelemetryConfig
from gateway.pipeline import RequestPipeline
from gateway.request import Identity, error_body, refusal
from gateway.server import Gateway
from gateway.transport import SubgraphHttpClient

from .inprocess import PREFLIGHT, app_for, client_for, stand_in_gateway
from .recording import FixedAuthenticator, RecordingObserver, RecordingPipeline

GRAPHQL_RESPONSE = {"accept": "application/graphql-response+json"}
INVALID = {"query": "{ me { nope } }"}


async def _post(
    body: Any, headers: dict[str, str] | None = None, gateway: Gateway | None = None, **config: Any
) -> Any:
    app = app_for(gateway, GatewayConfig(**config))
    async with client_for(app) as client:
        return await client.post("/graphql", json=body, headers=headers or {})


async def test_post_answers_with_data_as_json() -> None:
    response = await _post({"query": "{ me { name } }"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert response.json() == {"data": {"me": {"name": "Ada"}}}


async def test_graphql_response_type_keeps_4xx_for_refused_requests() -> None:
    response = await _post(INVALID, GRAPHQL_RESPONSE)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/graphql-response+json")
    body = response.json()
    assert "data" not in body
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_legacy_json_answers_refused_graphql_requests_with_200() -> None:
    for headers in ({"accept": "application/json"}, {}, {"accept": "*/*"}):
        response = await _post(INVALID, headers)
        assert response.status_code == 200, headers
        assert response.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_legacy_json_still_refuses_malformed_http_requests_with_400() -> None:
    response = await _post({"qeury": "{ me { id } }"}, {"accept": "application/json"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_unsatisfiable_accept_is_406() -> None:
    response = await _post({"query": "{ me { id } }"}, {"accept": "text/html"})
    assert response.status_code == 406
    assert response.headers["content-type"].startswith("application/json")
    assert "application/graphql-response+json" in response.json()["errors"][0]["message"]


async def test_mutation_over_get_is_405_with_allow_post() -> None:
    async with client_for(app_for()) as client:
        response = await client.get(
            "/graphql",
            params={"query": 'mutation { rename(name: "x") { id } }'},
            headers=PREFLIGHT,
        )
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"


async def test_get_runs_a_query_with_variables() -> None:
    async with client_for(app_for()) as client:
        response = await client.get(
            "/graphql",
            params={
                "query": "query Q($id: ID!) { user(id: $id) { id } }",
                "variables": '{"id": 1}',
            },
            headers={**PREFLIGHT, **GRAPHQL_RESPONSE},
        )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/graphql-response+json")


async def test_body_limit_comes_from_config() -> None:
    big = {"query": "{ me { id } }" + " " * 200}
    response = await _post(big, server=ServerConfig(max_body_bytes=100))
    assert response.status_code == 413
    assert "100 bytes" in response.json()["errors"][0]["message"]
    assert (
        await _post({"query": "{ me { id } }"}, server=ServerConfig(max_body_bytes=100))
    ).status_code == 200


async def test_request_id_is_echoed_when_sane_and_made_up_otherwise() -> None:
    echoed = await _post({"query": "{ me { id } }"}, {"x-request-id": "abc.DEF_1-2"})
    assert echoed.headers["x-request-id"] == "abc.DEF_1-2"
    for bad in ("has space", "x" * 129, "semi;colon", ""):
        replaced = await _post({"query": "{ me { id } }"}, {"x-request-id": bad})
        assert re.fullmatch(r"[0-9a-f]{32}", replaced.headers["x-request-id"]), bad
    missing = await _post({"query": "{ me { id } }"})
    assert re.fullmatch(r"[0-9a-f]{32}", missing.headers["x-request-id"])


async def test_request_id_header_name_comes_from_config() -> None:
    response = await _post(
        {"query": "{ me { id } }"},
        {"x-correlation-id": "corr-1"},
        telemetry=TelemetryConfig(request_id_header="X-Correlation-Id"),
    )
    assert response.headers["x-correlation-id"] == "corr-1"
    assert "x-request-id" not in response.headers


async def test_refusals_carry_the_request_id_too() -> None:
    response = await _post({"query": 3}, {"x-request-id": "r-1"})
    assert (response.status_code, response.headers["x-request-id"]) == (400, "r-1")


async def test_pipeline_gets_identity_headers_and_extensions() -> None:
    pipeline = RecordingPipeline()
    identity = Identity(claims={"sub": "u1"}, scopes=frozenset({"read"}))
    authenticator = FixedAuthenticator(identity)
    gateway = Gateway(pipeline=pipeline, client=SubgraphHttpClient({}), authenticator=authenticator)
    body = {"query": "{ me { id } }", "extensions": {"trace": True}}
    response = await _post(body, {"X-Request-Id": "r-9", "Authorization": "Bearer t"}, gateway)
    assert response.status_code == 200
    [(request, context)] = pipeline.seen
    assert request.extensions == {"trace": True}
    assert context.request_id == "r-9"
    assert context.headers["authorization"] == "Bearer t"
    assert context.claims == {"sub": "u1"}
    assert context.scopes == frozenset({"read"})
    assert authenticator.headers[0]["authorization"] == "Bearer t"


async def test_authenticator_refusal_is_returned_as_is_with_www_authenticate() -> None:
    pipeline = RecordingPipeline()
    refused = refusal("Token expired.", "UNAUTHENTICATED")
    gateway = Gateway(
        pipeline=pipeline,
        client=SubgraphHttpClient({}),
        authenticator=FixedAuthenticator(refused),
    )
    response = await _post({"query": "{ me { id } }"}, {"authorization": "Bearer x"}, gateway)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json() == refused.body
    assert pipeline.seen == []


async def test_observer_records_operation_and_response() -> None:
    observer = RecordingObserver()
    gateway = stand_in_gateway(observer=observer)
    query = "query Who { me { id } }"
    await _post({"query": query, "operationName": "Who"}, {"x-request-id": "obs"}, gateway)
    await _post({"query": 1}, {}, gateway)
    ok, refused = observer.records
    assert ok.operation_name == "Who"
    assert ok.context.request_id == "obs"
    assert ok.response is not None
    assert ok.response.status == 200
    assert refused.response is not None
    assert refused.response.status == 400
    assert observer.open == 0


async def test_pipeline_failure_is_a_generic_500_and_recorded() -> None:
    observer = RecordingObserver()
    gateway = Gateway(
        pipeline=RecordingPipeline(fail=True), client=SubgraphHttpClient({}), observer=observer
    )
    response = await _post({"query": "{ me { id } }"}, {}, gateway)
    assert response.status_code == 500
    assert response.json() == error_body("Internal server error.", "INTERNAL_SERVER_ERROR")
    assert "secret internals" not in response.text
    [record] = observer.records
    assert record.response is not None
    assert record.response.status == 500


class _CountingGateway(Gateway):
    """Counts reads of `pipeline` and swaps it after the first one, like a reload would."""

    def __init__(self, first: RequestPipeline, second: RequestPipeline) -> None:
        self.reads = 0
        self._pipeline: RequestPipeline = first
        self.second = second
        super().__init__(pipeline=first, client=SubgraphHttpClient({}))

    @property
    def pipeline(self) -> RequestPipeline:
        self.reads += 1
        current = self._pipeline
        self._pipeline = self.second
        return current

    @pipeline.setter
    def pipeline(self, value: RequestPipeline) -> None:
        self._pipeline = value


async def test_pipeline_is_read_once_per_request() -> None:
    first, second = RecordingPipeline(), RecordingPipeline()
    gateway = _CountingGateway(first, second)
    await _post({"query": "{ me { id } }"}, {}, gateway)
    assert gateway.reads == 1
    assert (len(first.seen), len(second.seen)) == (1, 0)


async def test_client_errors_never_leak_internals() -> None:
    app = app_for()
    async with client_for(app) as client:
        response = await client.post(
            "/graphql", content=b"\xff\xfe{", headers={"content-type": "application/json"}
        )
    assert response.status_code == 400
    assert orjson.loads(response.content)["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    assert "Traceback" not in response.text
