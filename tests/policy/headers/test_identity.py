"""The gateway's own headers: request id, shared secret, verified claims; and the spoofing guard."""

from __future__ import annotations

import logging

import pytest

from gateway.config.model import AuthConfig, HeaderRule, HeadersConfig
from gateway.policy.headers import HeaderPropagation
from shared.identity import decode_claims

from .helpers import SECRET, context, propagation

SPOOF = {
    "x-gateway-claims": "eyJzdWIiOiJhZG1pbiJ9",
    "x-gateway-secret": "guess",
    "X-Gateway-Claims": "ignored",
    "connection": "close",
    "host": "evil.example",
    "content-length": "9999",
    "content-type": "text/plain",
    "accept": "text/html",
    "accept-encoding": "br",
    "transfer-encoding": "chunked",
    "te": "trailers",
    "trailer": "x",
    "upgrade": "websocket",
    "keep-alive": "timeout=1",
    "proxy-authorization": "Basic x",
    "proxy-connection": "keep-alive",
    "x-tenant": "acme",
}


def test_anonymous_request_carries_request_id_and_secret() -> None:
    headers = propagation().headers_for("accounts", context(request_id="abc"))
    assert dict(headers) == {"x-request-id": "abc", "x-gateway-secret": SECRET}


def test_authenticated_request_carries_its_claims() -> None:
    claims = {"sub": "u1", "scope": "read write"}
    headers = dict(propagation().headers_for("accounts", context(claims=claims)))
    assert decode_claims(headers["x-gateway-claims"]) == claims
    assert headers["x-gateway-secret"] == SECRET


def test_propagate_all_regex_never_forwards_identity_or_framing_headers() -> None:
    plan = propagation(HeaderRule(action="propagate", matching=".*"))
    inbound = {name.lower(): value for name, value in SPOOF.items()}
    headers = plan.headers_for("accounts", context(inbound, request_id="r-9"))
    assert dict(headers) == {
        "x-tenant": "acme",
        "x-request-id": "r-9",
        "x-gateway-secret": SECRET,
    }
    assert len(headers) == 3


def test_spoofed_claims_are_replaced_by_the_verified_ones() -> None:
    plan = propagation(HeaderRule(action="propagate", matching=".*"))
    headers = plan.headers_for("accounts", context({"x-gateway-claims": "spoof"}, claims={"a": 1}))
    values = [value for name, value in headers if name == "x-gateway-claims"]
    assert len(values) == 1
    assert decode_claims(values[0]) == {"a": 1}


def test_client_request_id_header_is_replaced_by_the_context_one() -> None:
    plan = propagation(HeaderRule(action="propagate", named=("x-request-id",)))
    headers = plan.headers_for("accounts", context({"x-request-id": "client"}, request_id="ctx"))
    assert [value for name, value in headers if name == "x-request-id"] == ["ctx"]


def test_empty_request_id_is_not_sent() -> None:
    assert "x-request-id" not in dict(propagation().headers_for("a", context(request_id="")))


def test_request_id_header_name_is_configurable_and_lower_cased() -> None:
    plan = HeaderPropagation(
        HeadersConfig(), auth=AuthConfig(), request_id_header="X-Correlation-ID", env={}
    )
    assert dict(plan.headers_for("a", context(request_id="c1"))) == {"x-correlation-id": "c1"}


def test_identity_header_names_follow_auth_config() -> None:
    auth = AuthConfig(claims_header="X-Claims", secret_header="x-secret", subgraph_secret_env="S")
    plan = HeaderPropagation(
        HeadersConfig(all=(HeaderRule(action="propagate", matching=".*"),)),
        auth=auth,
        request_id_header="x-request-id",
        env={"S": "k"},
    )
    inbound = {"x-claims": "spoof", "x-secret": "spoof", "x-gateway-claims": "spoof"}
    headers = dict(plan.headers_for("a", context(inbound, claims={"sub": "1"}, request_id="")))
    assert headers.keys() == {"x-claims", "x-secret"}
    assert headers["x-secret"] == "k"
    assert decode_claims(headers["x-claims"]) == {"sub": "1"}


def test_unset_secret_sends_none_and_warns_once_at_construction(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="gateway.policy.headers.propagation")
    plan = propagation(env={})
    for _ in range(3):
        headers = dict(plan.headers_for("accounts", context()))
        assert "x-gateway-secret" not in headers
    warnings = [r for r in caplog.records if r.name == "gateway.policy.headers.propagation"]
    assert len(warnings) == 1
    assert "GATEWAY_SHARED_SECRET" in warnings[0].getMessage()


def test_secret_is_read_once_at_construction(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GATEWAY_SHARED_SECRET", "first")
    plan = HeaderPropagation(HeadersConfig(), auth=AuthConfig(), request_id_header="x-request-id")
    monkeypatch.setenv("GATEWAY_SHARED_SECRET", "second")
    assert dict(plan.headers_for("a", context()))["x-gateway-secret"] == "first"
