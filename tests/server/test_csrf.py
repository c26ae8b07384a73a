"""CSRF protection: GETs and simple-content-type POSTs need a preflight-forcing header."""

from __future__ import annotations

import httpx
import pytest

from gateway.config import CsrfConfig, GatewayConfig

from .inprocess import app_for, client_for

QUERY = "{ me { name } }"


async def _get(
    params: dict[str, str], headers: dict[str, str], config: GatewayConfig | None = None
) -> httpx.Response:
    async with client_for(app_for(config=config)) as client:
        return await client.get("/graphql", params=params, headers=headers)


async def _post(content_type: str | None, headers: dict[str, str]) -> httpx.Response:
    all_headers = dict(headers)
    if content_type is not None:
        all_headers["content-type"] = content_type
    async with client_for(app_for()) as client:
        return await client.post(
            "/graphql", content=b'{"query": "{ me { name } }"}', headers=all_headers
        )


def _assert_csrf_refusal(response: httpx.Response) -> None:
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "CSRF_PREFLIGHT_REQUIRED"
    for header in ("x-apollo-operation-name", "apollo-require-preflight", "graphql-preflight"):
        assert header in error["message"]


async def test_get_without_preflight_header_is_refused() -> None:
    _assert_csrf_refusal(await _get({"query": QUERY}, {}))


@pytest.mark.parametrize(
    "header", ["x-apollo-operation-name", "apollo-require-preflight", "graphql-preflight"]
)
async def test_get_with_any_required_header_runs(header: str) -> None:
    response = await _get({"query": QUERY}, {header: "1"})
    assert response.status_code == 200
    assert response.json() == {"data": {"me": {"name": "Ada"}}}


@pytest.mark.parametrize(
    "content_type",
    [
        None,
        "text/plain",
        "text/plain; charset=utf-8",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
    ],
)
async def test_simple_content_type_post_needs_the_header(content_type: str | None) -> None:
    _assert_csrf_refusal(await _post(content_type, {}))
    # With the header it is no longer a CSRF matter, but still not JSON.
    assert (await _post(content_type, {"apollo-require-preflight": "true"})).status_code == 415


async def test_json_post_needs_no_header() -> None:
    assert (await _post("application/json", {})).status_code == 200


async def test_browser_get_without_query_is_a_plain_missing_query() -> None:
    response = await _get({}, {"accept": "text/html,*/*;q=0.8"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    assert "'query'" in response.json()["errors"][0]["message"]


async def test_disabled_protection_lets_gets_through() -> None:
    config = GatewayConfig(csrf=CsrfConfig(enabled=False))
    assert (await _get({"query": QUERY}, {}, config)).status_code == 200


async def test_required_headers_come_from_config() -> None:
    config = GatewayConfig(csrf=CsrfConfig(required_headers=("X-Our-Client",)))
    assert (await _get({"query": QUERY}, {"x-our-client": "web"}, config)).status_code == 200
    refused = await _get({"query": QUERY}, {"graphql-preflight": "1"}, config)
    assert refused.json()["errors"][0]["extensions"]["code"] == "CSRF_PREFLIGHT_REQUIRED"
    assert "x-our-client" in refused.json()["errors"][0]["message"]
