"""The subgraph app answers request errors with Apollo's codes over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import strawberry
from starlette.applications import Starlette
from starlette.requests import Request

from shared.auth import Viewer
from shared.subgraph import build_schema, create_app, lazy_app
from tests.support.servers import serve_in_thread


@strawberry.type
class Query:
    @strawberry.field
    def double(self, n: int) -> int:
        return 2 * n


async def _context(request: Request, viewer: Viewer | None) -> dict[str, Any]:
    return {"request": request, "viewer": viewer}


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    app = create_app(schema=build_schema(query=Query), context=_context, jwt_secret="x" * 32)
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
