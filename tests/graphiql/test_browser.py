"""GraphiQL in real headless Chromium: the page loads offline, runs a query, shows its plan."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gateway.config import GatewayConfig
from gateway.graphiql import install_assets
from gateway.server import Gateway, create_app, gateway_from_config
from tests.server.subgraphs import (
    ACCOUNTS,
    REVIEWS_SCHEMA,
    ChaosControl,
    chaos_app,
    strawberry_app,
    supergraph_sdl,
)
from tests.support.servers import serve_in_thread

from .devtools import Page, launch_chromium, open_page

QUERY = "query LatestReviews {\n  latestReviews {\n    body\n    author { name }\n  }\n}\n"
ME_QUERY = "query Me { me { name } }"
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
    await _set_editor(page, QUERY_EDITOR, query)
    # GraphiQL reads the operation name from the editor a moment after an edit (debounced);
    # a click before that would run the new text under the previous operation's name.
    await page.wait_for(
        f"document.querySelector({json.dumps(QUERY_EDITOR)}).CodeMirror.operationName"
        f" === {json.dumps(operation)}",
        f"GraphiQL reading the operation {operation}",
    )
    await page.click(".graphiql-execute-button")
    text = await page.wait_for(
        f"(() => {{ const text = {_editor_value(RESPONSE_EDITOR)};"
        f" return text && text.includes({json.dumps(field)}) ? text : null; }})()",
        f"the result of {query!r}",
    )
    result: dict[str, Any] = json.loads(text)
    return result


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

        # Everything came from the gateway itself: no CDN, nothing from another host
        # (the style sheet's fonts are inline `data:` URLs, not fetched).
        fetched = [r["url"] for r in page.requests if not r["url"].startswith("data:")]
        assert f"{gateway_url}/graphiql/assets/graphiql.min.js" in fetched
        assert [u for u in fetched if not u.startswith(gateway_url + "/")] == []
        assert page.exceptions == []
        assert page.errors == []
