"""Building a HeaderPropagation and a request context for the header tests."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from gateway.config.model import AuthConfig, HeaderRule, HeadersConfig
from gateway.policy.headers import HeaderPropagation
from gateway.request import RequestContext

SECRET = "s3cret-shared-with-subgraphs"
ENV = {"GATEWAY_SHARED_SECRET": SECRET}


def propagation(
    *rules: HeaderRule,
    subgraphs: Mapping[str, tuple[HeaderRule, ...]] | None = None,
    env: Mapping[str, str] = ENV,
) -> HeaderPropagation:
    config = HeadersConfig(all=rules, subgraphs=MappingProxyType(dict(subgraphs or {})))
    return HeaderPropagation(config, auth=AuthConfig(), request_id_header="x-request-id", env=env)


def context(
    headers: Mapping[str, str] | None = None,
    *,
    claims: Mapping[str, Any] | None = None,
    request_id: str = "req-1",
) -> RequestContext:
    return RequestContext(
        request_id=request_id,
        headers=MappingProxyType(dict(headers or {})),
        claims=claims,
    )


def rule_output(headers: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """The headers rules produced: everything but the gateway's own."""
    own = {"x-request-id", "x-gateway-secret", "x-gateway-claims"}
    return {name: value for name, value in headers if name not in own}
