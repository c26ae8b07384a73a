"""The subgraph app over real HTTP: Apollo's error codes, and identity only from the gateway."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import strawberry
from starlette.applications import Starlette
from starlette.requests import Request

from shared.auth import Viewer, gateway_secret, issue_token
from shared.identity import CLAIMS_HEADER, SECRET_HEADER, IdentityHeaders
from shared.subgraph import build_schema, create_app, lazy_app
from tests.support.identity import gateway_identity_headers
from tests.support.servers import serve_in_thread

SECRET = "s" * 40


@strawberry.type
class Query:
    @strawberry.field
    def double(self, n: int) -> int:
        return 2 * n

    @strawberry.field
    def whoami(self, info: strawberry.Info) -> str | None:
        viewer = info.context["viewer"]
        return None if viewer is None else f"{viewer.user_id}/{viewer.role}"


async def _context(request: Request, viewer: Viewer | None) -> dict[str, Any]:
    return {"request": request, "viewer": viewer}


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    app = create_app(schema=build_schema(query=Query), context=_context, gateway_secret=SECRET)
    with serve_in_thread(app) as base:
        yield f"{base}/graphql"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"query": "{ double(n: 1) "}, "GRAPHQL_PARSE_FAILED"),
        ({"query": "{ nope }"}, "GRAPHQL_VALIDATION_FAILED"),
        (
            {"query": "query($n: Int!) { double(n: $n) }", "variables": {"n": "x"}},
            # Strawberry reports variable coercion without its variable node: as validation.
            "GRAPHQL_VALIDATION_FAILED",
        ),
    ],
)
def test_request_errors_carry_a_code_and_no_trace(
    url: str, body: dict[str, Any], code: str
) -> None:
    response = httpx.post(url, json=body, timeout=10)
    assert response.status_code < 500
    errors = response.json()["errors"]
    assert [e["extensions"]["code"] for e in errors] == [code]
    assert "Traceback" not in response.text


def test_a_valid_request_answers(url: str) -> None:
    response = httpx.post(url, json={"query": "{ double(n: 21) }"}, timeout=10)
    assert response.json() == {"data": {"double": 42}}


def test_lazy_app_builds_app_once_on_first_access() -> None:
    built: list[Starlette] = []

    def build() -> Starlette:
        built.append(Starlette())
        return built[-1]

    module_getattr = lazy_app(build)
    assert built == []
    first = module_getattr("app")
    assert module_getattr("app") is first
    assert built == [first]


def test_lazy_app_knows_no_other_attribute() -> None:
    module_getattr = lazy_app(Starlette)
    with pytest.raises(AttributeError):
        module_getattr("application")


def _whoami(url: str, headers: dict[str, str]) -> Any:
    response = httpx.post(url, json={"query": "{ whoami }"}, headers=headers, timeout=10)
    assert response.status_code == 200
    return response.json()


def test_claims_forwarded_with_the_shared_secret_name_the_viewer(url: str) -> None:
    headers = gateway_identity_headers(Viewer(user_id="user-0007", role="TUTOR"), SECRET)
    assert _whoami(url, headers) == {"data": {"whoami": "user-0007/TUTOR"}}


def test_a_valid_bearer_token_sent_straight_to_the_subgraph_names_nobody(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    jwt_key = "j" * 40
    token = issue_token(Viewer(user_id="user-0001", role="ADMIN"), jwt_key)
    for key in (jwt_key, SECRET):
        monkeypatch.setenv("JWT_SECRET", key)
        assert _whoami(url, {"authorization": f"Bearer {token}"}) == {"data": {"whoami": None}}


@pytest.mark.parametrize(
    "secret_header",
    [None, "", "s" * 39, "t" * 40, "s" * 40 + "x"],
    ids=["missing", "empty", "prefix", "other", "longer"],
)
def test_forged_claims_without_the_right_secret_are_ignored_and_logged(
    url: str, secret_header: str | None, caplog: pytest.LogCaptureFixture
) -> None:
    headers = gateway_identity_headers(Viewer(user_id="user-0001", role="ADMIN"), SECRET)
    del headers[SECRET_HEADER]
    if secret_header is not None:
        headers[SECRET_HEADER] = secret_header
    with caplog.at_level(logging.WARNING, logger="shared.subgraph.app"):
        body = _whoami(url, headers)
    assert body == {"data": {"whoami": None}}
    assert any(CLAIMS_HEADER in record.getMessage() for record in caplog.records)
    assert SECRET not in caplog.text


@pytest.mark.parametrize(
    "claims",
    ["%%%", "bnVsbA", {"sub": 7, "role": "ADMIN"}, {"sub": "user-0001"}, {"role": "ADMIN"}],
    ids=["not-base64", "json-null", "sub-not-a-string", "no-role", "no-sub"],
)
def test_unusable_claims_with_the_right_secret_mean_anonymous(
    url: str, claims: str | dict[str, Any]
) -> None:
    if isinstance(claims, str):
        headers = {SECRET_HEADER: SECRET, CLAIMS_HEADER: claims}
    else:
        headers = gateway_identity_headers(claims, SECRET)
    assert _whoami(url, headers) == {"data": {"whoami": None}}


def test_the_secret_alone_is_an_anonymous_request(url: str) -> None:
    assert _whoami(url, gateway_identity_headers(None, SECRET)) == {"data": {"whoami": None}}


def test_create_app_refuses_a_short_gateway_secret() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        create_app(schema=build_schema(query=Query), context=_context, gateway_secret="x" * 31)


def test_gateway_secret_is_read_from_the_environment_and_must_be_long() -> None:
    assert gateway_secret({"GATEWAY_SHARED_SECRET": SECRET}) == SECRET
    for env in ({}, {"GATEWAY_SHARED_SECRET": "short"}):
        with pytest.raises(RuntimeError, match="GATEWAY_SHARED_SECRET"):
            gateway_secret(env)


def test_identity_header_names_come_from_the_settings() -> None:
    names = IdentityHeaders.from_env(
        {"GATEWAY_CLAIMS_HEADER": "X-Our-Claims", "GATEWAY_SECRET_HEADER": "x-our-secret"}
    )
    assert names == IdentityHeaders(claims="x-our-claims", secret="x-our-secret")
    assert IdentityHeaders.from_env({}) == IdentityHeaders(
        claims=CLAIMS_HEADER, secret=SECRET_HEADER
    )
    with pytest.raises(RuntimeError, match="must differ"):
        IdentityHeaders.from_env({"GATEWAY_CLAIMS_HEADER": "x-a", "GATEWAY_SECRET_HEADER": "X-A"})


def test_a_subgraph_reads_identity_under_the_configured_names_only() -> None:
    names = IdentityHeaders(claims="x-our-claims", secret="x-our-secret")
    app = create_app(
        schema=build_schema(query=Query),
        context=_context,
        gateway_secret=SECRET,
        identity_headers=names,
    )
    default = gateway_identity_headers(Viewer(user_id="user-0007", role="TUTOR"), SECRET)
    renamed = {
        names.secret: default[SECRET_HEADER],
        names.claims: default[CLAIMS_HEADER],
    }
    with serve_in_thread(app) as base:
        assert _whoami(f"{base}/graphql", renamed) == {"data": {"whoami": "user-0007/TUTOR"}}
        # The default names mean nothing to a subgraph configured with others.
        assert _whoami(f"{base}/graphql", default) == {"data": {"whoami": None}}
