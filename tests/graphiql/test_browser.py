"""GraphiQL in real headless Chromium: the page loads offline, runs a query, shows its plan,
streams a `@defer` answer and a subscription, and never leaves the gateway's origin or its CSP."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gateway.config import AuthConfig, GatewayConfig, HeadersConfig, SubscriptionsConfig
from gateway.graphiql import install_assets
from gateway.pipeline import PipelineStages
from gateway.policy.headers import HeaderPropagation
from gateway.server import Gateway, create_app, gateway_from_config, gateway_from_sdl
from tests.server.subgraphs import (
    ACCOUNTS,
    REVIEWS_SCHEMA,
    ChaosControl,
    chaos_app,
    strawberry_app,
    supergraph_sdl,
)
from tests.server.subscription_stack import SUPERGRAPH, UPSTREAM, events_app
from tests.server.test_subscriptions_over_websocket import SECRET, TokenAuthenticator
from tests.support.servers import serve_in_thread

from .devtools import Page, launch_chromium, open_page

QUERY = "query LatestReviews {\n  latestReviews {\n    body\n    author { name }\n  }\n}\n"
ME_QUERY = "query Me { me { name } }"
DEFER_QUERY = (
    'query Slow {\n  me {\n    name\n    ... @defer(label: "slow") { reviews { body } }\n  }\n}\n'
)
SUBSCRIPTION = (
    "subscription Reviews {\n"
    "  reviewAdded(forever: true) {\n    body\n    author { name }\n  }\n}\n"
)
QUERY_EDITOR = ".graphiql-query-editor .CodeMirror"
RESPONSE_EDITOR = ".graphiql-response .CodeMirror"
HEADERS_EDITOR = (
    'section.graphiql-editor-tool[aria-label="Headers"] .graphiql-editor:not(.hidden) .CodeMirror'
)
HEADERS = {"x-graphiql-test": "typed in the headers editor"}


@pytest.fixture(scope="module")
def gateway_url() -> Iterator[str]:
    """A development-mode gateway (plans exposed) in front of the stand-in subgraphs."""
    install_assets()  # idempotent: nothing to do when `task assets` already ran
    config = GatewayConfig(dev=True)
    with contextlib.ExitStack() as stack:
        urls = {
            "accounts": stack.enter_context(serve_in_thread(strawberry_app(ACCOUNTS))),
            "reviews": stack.enter_context(serve_in_thread(strawberry_app(REVIEWS_SCHEMA))),
            "chaos": stack.enter_context(serve_in_thread(chaos_app(ChaosControl()))),
        }
        sdl = supergraph_sdl({name: f"{base}/graphql" for name, base in urls.items()})
        gateway = gateway_from_config(config, sdl=sdl)
        assert isinstance(gateway, Gateway), gateway
        yield stack.enter_context(serve_in_thread(create_app(gateway, config)))


@pytest.fixture(scope="module")
def subscriptions_url() -> Iterator[str]:
    """A development-mode gateway in front of the `events` subgraph, which streams reviews to
    signed-in subscribers, and `accounts`, which completes each review's author."""
    install_assets()
    with contextlib.ExitStack() as stack:
        accounts = stack.enter_context(serve_in_thread(strawberry_app(ACCOUNTS)))
        events = stack.enter_context(serve_in_thread(events_app()))
        sdl = SUPERGRAPH.replace("{accounts}", f"{accounts}/graphql").replace(
            "{events}", f"{events}/graphql"
        )
        headers = HeaderPropagation(
            HeadersConfig(),
            auth=AuthConfig(),
            request_id_header="x-request-id",
            env={"GATEWAY_SHARED_SECRET": SECRET},
        )
        gateway = gateway_from_sdl(sdl, stages=PipelineStages(headers=headers))
        assert isinstance(gateway, Gateway), gateway
        gateway.authenticator = TokenAuthenticator()
        yield stack.enter_context(serve_in_thread(create_app(gateway, GatewayConfig(dev=True))))


def _editor_value(selector: str) -> str:
    """JavaScript for the text of the CodeMirror editor inside `selector` (null if absent)."""
    return (
        f"(() => {{ const editor = document.querySelector({json.dumps(selector)});"
        " return editor ? editor.CodeMirror.getValue() : null; })()"
    )


async def _set_editor(page: Page, selector: str, text: str) -> None:
    await page.wait_for(f"!!document.querySelector({json.dumps(selector)})", selector)
    await page.evaluate(
        f"document.querySelector({json.dumps(selector)}).CodeMirror.setValue({json.dumps(text)})"
    )


async def _run_query(page: Page, query: str, operation: str, field: str) -> dict[str, Any]:
    """Types `query` in, clicks run, and returns the result pane once it shows `field`."""
    await _start(page, query, operation)
    return await _result(page, f"the result of {query!r}", f"text.includes({json.dumps(field)})")


async def _start(page: Page, query: str, operation: str) -> None:
    """Types `query` in and clicks run once GraphiQL has read its operation name."""
    await _set_editor(page, QUERY_EDITOR, query)
    # GraphiQL reads the operation name from the editor a moment after an edit (debounced);
    # a click before that would run the new text under the previous operation's name.
    await page.wait_for(
        f"document.querySelector({json.dumps(QUERY_EDITOR)}).CodeMirror.operationName"
        f" === {json.dumps(operation)}",
        f"GraphiQL reading the operation {operation}",
    )
    await page.click(".graphiql-execute-button")


async def _result(page: Page, what: str, condition: str = "true") -> dict[str, Any]:
    """The result pane's JSON once `condition` (JavaScript over its `text`) holds."""
    text = await page.wait_for(
        f"(() => {{ const text = {_editor_value(RESPONSE_EDITOR)};"
        f" return text && ({condition}) ? text : null; }})()",
        what,
    )
    result: dict[str, Any] = json.loads(text)
    return result


def _assert_stays_home(page: Page, base: str) -> None:
    """Everything came from the gateway itself: no CDN, no other host, no other socket, and
    nothing the page's Content-Security-Policy refused (the browser logs those as errors)."""
    fetched = [r["url"] for r in page.requests if not r["url"].startswith("data:")]
    assert f"{base}/graphiql/assets/graphiql.min.js" in fetched
    assert [u for u in fetched if not u.startswith(base + "/")] == []
    home = base.replace("http://", "ws://", 1) + "/"
    assert [u for u in page.websockets if not u.startswith(home)] == []
    assert page.exceptions == []
    assert page.errors == []


async def _plan_panel(page: Page, operation: str) -> str:
    """The plan the Query plan panel shows, once its title names `operation`."""
    await page.wait_for(
        "document.querySelector('.gateway-plan-panel')?.textContent"
        f".startsWith({json.dumps('Query plan · ' + operation)})",
        f"the plan panel for {operation}",
    )
    plan = await page.evaluate("document.querySelector('[data-testid=query-plan]').textContent")
    return str(plan)


async def test_graphiql_runs_a_query_and_shows_its_plan(gateway_url: str, tmp_path: Path) -> None:
    async with launch_chromium(tmp_path / "profile") as devtools, open_page(devtools) as page:
        await page.call("Page.navigate", url=f"{gateway_url}/graphql")

        await page.click('button[data-name="headers"]')
        await _set_editor(page, HEADERS_EDITOR, json.dumps(HEADERS))
        result = await _run_query(page, QUERY, "LatestReviews", "latestReviews")
        assert result["data"]["latestReviews"][0] == {"body": "Fine", "author": {"name": "Grace"}}

        await page.click('button[aria-label="Show Query plan"]')
        plan = await _plan_panel(page, "LatestReviews")
        assert plan.startswith("QueryPlan {")
        assert 'Fetch(service: "reviews")' in plan
        assert 'Fetch(service: "accounts")' in plan

        # The panel follows the last operation run.
        assert (await _run_query(page, ME_QUERY, "Me", "Ada"))["data"] == {"me": {"name": "Ada"}}
        plan = await _plan_panel(page, "Me")
        assert 'Fetch(service: "accounts")' in plan
        assert "reviews" not in plan

        # The operation went out as JSON, with the headers typed in GraphiQL's headers editor.
        (sent,) = [r for r in page.requests if "LatestReviews" in r.get("postData", "")]
        assert sent["method"] == "POST"
        assert sent["url"] == f"{gateway_url}/graphql"
        headers = {name.lower(): value for name, value in sent["headers"].items()}
        assert headers["content-type"] == "application/json"
        assert headers["x-graphiql-test"] == HEADERS["x-graphiql-test"]

        # The style sheet's fonts are inline `data:` URLs, not fetched.
        _assert_stays_home(page, gateway_url)
        assert await page.csp_violations() == []


async def test_graphiql_shows_a_deferred_answer_merged(gateway_url: str, tmp_path: Path) -> None:
    async with launch_chromium(tmp_path / "profile") as devtools, open_page(devtools) as page:
        await page.call("Page.navigate", url=f"{gateway_url}/graphql")

        await _start(page, DEFER_QUERY, "Slow")
        # The pane shows the primary part first, then the deferred fields merged into it.
        result = await _result(page, "the deferred reviews", "text.includes('reviews')")
        assert result["data"] == {"me": {"name": "Ada", "reviews": [{"body": "Great"}]}}

        # It was streamed: multipart/mixed answered an Accept that offers it.
        (sent,) = [r for r in page.requests if "query Slow" in r.get("postData", "")]
        headers = {name.lower(): value for name, value in sent["headers"].items()}
        assert "multipart/mixed" in headers["accept"]
        assert page.responses[sent["requestId"]]["mimeType"] == "multipart/mixed"

        # The plan panel reads the plan from the first part.
        await page.click('button[aria-label="Show Query plan"]')
        assert "Defer" in await _plan_panel(page, "Slow")

        _assert_stays_home(page, gateway_url)
        assert await page.csp_violations() == []


async def test_graphiql_runs_a_subscription_over_a_websocket(
    subscriptions_url: str, tmp_path: Path
) -> None:
    async with launch_chromium(tmp_path / "profile") as devtools, open_page(devtools) as page:
        await page.call("Page.navigate", url=f"{subscriptions_url}/graphql")
        # The page is served under its strict policy, and subscriptions work under it.
        (document,) = [r for r in page.responses.values() if r["url"].endswith("/graphql")]
        policy = {k.lower(): v for k, v in document["headers"].items()}["content-security-policy"]
        assert "connect-src 'self'" in policy

        # The events subgraph serves signed-in subscribers only: the token typed in the headers
        # editor travels in the socket's connection_init.
        await page.click('button[data-name="headers"]')
        await _set_editor(page, HEADERS_EDITOR, json.dumps({"Authorization": "Bearer good"}))
        await _start(page, SUBSCRIPTION, "Reviews")

        # Each event replaces the one before in the result pane.
        first = await _result(page, "a review event", "text.includes('reviewAdded')")
        later = await _result(
            page,
            "a later review event",
            f"!text.includes({json.dumps(first['data']['reviewAdded']['body'])})",
        )
        for event in (first, later):
            assert event["data"]["reviewAdded"]["author"]["name"] in {"Ada", "Grace"}
        closed = UPSTREAM.closed

        # Stopping it ends the subscription upstream.
        await page.click(".graphiql-execute-button")

        async def upstream_closed() -> bool:
            return UPSTREAM.closed > closed

        await page.wait_until(upstream_closed, "the subscription ending upstream")

        # Events over the socket carry no plan: the panel says so rather than keep an old one.
        await page.click('button[aria-label="Show Query plan"]')
        await page.wait_for(
            "document.querySelector('.gateway-plan-panel')?.textContent.includes('WebSocket')",
            "the plan panel's note on subscriptions",
        )

        assert page.websockets == [f"{subscriptions_url.replace('http://', 'ws://')}/graphql"]
        _assert_stays_home(page, subscriptions_url)
        assert await page.csp_violations() == []


async def test_graphiql_says_when_subscriptions_are_disabled(tmp_path: Path) -> None:
    # No subgraph is needed: the page answers before anything is sent.
    sdl = SUPERGRAPH.replace("{accounts}", "http://127.0.0.1:9/graphql").replace(
        "{events}", "http://127.0.0.1:9/graphql"
    )
    gateway = gateway_from_sdl(sdl)
    assert isinstance(gateway, Gateway), gateway
    config = GatewayConfig(dev=True, subscriptions=SubscriptionsConfig(enabled=False))
    with serve_in_thread(create_app(gateway, config)) as base:
        async with launch_chromium(tmp_path / "profile") as devtools, open_page(devtools) as page:
            await page.call("Page.navigate", url=f"{base}/graphql")
            await _start(page, SUBSCRIPTION, "Reviews")
            result = await _result(page, "the refusal", "text.includes('errors')")
            (error,) = result["errors"]
            assert error["message"].startswith("Subscriptions are disabled on this gateway")
            assert page.websockets == []
            assert [r for r in page.requests if "Reviews" in r.get("postData", "")] == []
            _assert_stays_home(page, base)
            assert await page.csp_violations() == []
