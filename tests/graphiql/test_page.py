"""`graphiql_page`: GraphiQL against the configured endpoint, or how to install it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from gateway.config import GatewayConfig, GraphiQLConfig, ServerConfig, SubscriptionsConfig
from gateway.graphiql import ASSETS, graphiql_page, install_assets


@pytest.fixture(scope="module", autouse=True)
def _installed() -> None:
    install_assets()  # idempotent: nothing to do when `task assets` already ran


def _settings(page: bytes) -> dict[str, object]:
    match = re.search(
        rb'<script id="graphiql-settings" type="application/json">(.*?)</script>', page
    )
    assert match is not None, page
    settings: dict[str, object] = json.loads(match.group(1))
    return settings


def test_page_loads_every_script_and_style_from_the_gateway() -> None:
    page = graphiql_page(GatewayConfig(dev=True))
    sources = re.findall(rb'(?:src|href)="([^"]+)"', page)
    # An empty inline icon: the browser asks the gateway for no /favicon.ico.
    assert sources.pop(0) == b"data:,"
    assert all(source.startswith(b"/graphiql/assets/") for source in sources)
    assert {s.removeprefix(b"/graphiql/assets/").decode() for s in sources} == set(ASSETS)


def test_page_has_no_inline_script() -> None:
    page = graphiql_page(GatewayConfig(dev=True)).decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, flags=re.S)
    inline = [attrs for attrs, body in scripts if body.strip() and "application/json" not in attrs]
    assert inline == []


def test_page_targets_the_configured_graphql_path() -> None:
    config = GatewayConfig(dev=True, server=ServerConfig(graphql_path="/api/graphql"))
    assert _settings(graphiql_page(config))["endpoint"] == "/api/graphql"


def test_page_shows_the_plan_panel_only_when_plans_are_exposed() -> None:
    assert _settings(graphiql_page(GatewayConfig(dev=True)))["queryPlan"] is True
    assert _settings(graphiql_page(GatewayConfig(dev=False)))["queryPlan"] is False
    exposed = GatewayConfig(dev=False, expose_query_plan=True)
    assert _settings(graphiql_page(exposed))["queryPlan"] is True


def test_page_runs_subscriptions_only_when_they_are_enabled() -> None:
    assert _settings(graphiql_page(GatewayConfig(dev=True)))["subscriptions"] is True
    disabled = GatewayConfig(dev=True, subscriptions=SubscriptionsConfig(enabled=False))
    assert _settings(graphiql_page(disabled))["subscriptions"] is False


def test_page_loads_the_websocket_client_before_its_own_script() -> None:
    page = graphiql_page(GatewayConfig(dev=True)).decode()
    scripts = re.findall(r'<script src="/graphiql/assets/([^"]+)"', page)
    assert scripts.index("graphql-ws.min.js") < scripts.index("page.js")


def test_page_settings_cannot_close_their_script_element() -> None:
    config = GatewayConfig(dev=True, server=ServerConfig(graphql_path="/g</script><b>&"))
    page = graphiql_page(config)
    assert page.count(b"</script>") == 6  # the settings block and the five scripts
    assert _settings(page)["endpoint"] == "/g</script><b>&"


def test_page_without_assets_says_how_to_install_them(tmp_path: Path) -> None:
    config = GatewayConfig(
        dev=True, graphiql=GraphiQLConfig(assets_dir=str(tmp_path / "node_modules"))
    )
    page = graphiql_page(config).decode()
    assert "GraphiQL is not installed" in page
    assert "python -m gateway assets" in page
    assert "graphiql.min.js" in page
    assert "<script" not in page
