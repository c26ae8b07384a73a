"""Checks through the CLI against a real registry: composition, classified changes, usage from
reported traffic, re-planned operations and approvals."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from tests.registry.conftest import CliResult, Registry, run_cli
from tests.registry.schemas import (
    PRODUCTS,
    PRODUCTS_WITHOUT_NAME,
    PRODUCTS_WITHOUT_PRICE,
    REVIEWS,
    REVIEWS_CLASHING,
    REVIEWS_WITH_NAME,
    write,
)

pytestmark = pytest.mark.stores


def _publish(registry: Registry, tmp: Path, name: str, sdl: str) -> None:
    result = run_cli(
        "subgraph",
        "publish",
        "--graph",
        "shop",
        "--name",
        name,
        "--schema",
        write(tmp, f"published-{name}", sdl),
        "--url",
        f"http://{name}.internal/graphql",
        url=registry.url,
        token=registry.admin_token,
    )
    assert result.status == 0, result.out + result.err


def _check(registry: Registry, tmp: Path, name: str, sdl: str, *extra: str) -> CliResult:
    return run_cli(
        "subgraph",
        "check",
        "--graph",
        "shop",
        "--name",
        name,
        "--schema",
        write(tmp, f"candidate-{name}", sdl),
        *extra,
        url=registry.url,
        token=registry.admin_token,
    )


def _report(result: CliResult) -> dict:  # type: ignore[type-arg]
    report: dict = json.loads(result.out)  # type: ignore[type-arg]
    return report


def _use(
    registry: Registry, document: str, coordinates: list[str], *, client: str, count: int
) -> None:
    """Report usage as a gateway does."""
    operation = {
        "hash": hashlib.sha256(document.encode()).hexdigest(),
        "name": None,
        "document": document,
        "client": {"name": client, "version": "1.0"},
        "coordinates": coordinates,
        "count": count,
        "errors": 0,
        "window": {"end": datetime.now(UTC).isoformat()},
    }
    answer = httpx.post(
        f"{registry.url}/graphs/shop/variants/current/usage",
        json={"operations": [operation]},
        headers={"Authorization": f"Bearer {registry.admin_token}"},
    )
    assert answer.status_code == 202, answer.text
    assert answer.json() == {"accepted": 1}


@pytest.fixture
def shop(registry: Registry, tmp_path: Path) -> Registry:
    _publish(registry, tmp_path, "products", PRODUCTS)
    _publish(registry, tmp_path, "reviews", REVIEWS)
    return registry


def test_an_unchanged_schema_passes(shop: Registry, tmp_path: Path) -> None:
    result = _check(shop, tmp_path, "products", PRODUCTS)
    assert result.status == 0, result.out
    assert result.out.startswith("Check PASSED")
    assert "No schema changes." in result.out


def test_a_composition_error_fails_with_its_code_and_subgraph(
    shop: Registry, tmp_path: Path
) -> None:
    result = _check(shop, tmp_path, "reviews", REVIEWS_CLASHING, "--format", "json")
    assert result.status == 1
    report = _report(result)
    assert report["passed"] is False
    errors = report["composition"]["errors"]
    assert {e["code"] for e in errors} == {"INVALID_FIELD_SHARING"}
    assert report["failures"] == ["composition failed with 1 error(s)"]


def test_a_breaking_change_without_any_usage_reported_fails(shop: Registry, tmp_path: Path) -> None:
    result = _check(shop, tmp_path, "products", PRODUCTS_WITHOUT_PRICE, "--format", "json")
    assert result.status == 1
    report = _report(result)
    [change] = report["changes"]
    assert (change["type"], change["criticality"], change["coordinate"]) == (
        "FIELD_REMOVED",
        "BREAKING",
        "Product.price",
    )
    assert report["usage"]["operations"] == 0


def test_usage_decides_whether_a_removal_breaks(shop: Registry, tmp_path: Path) -> None:
    _use(shop, "{ products { name } }", ["Query.products", "Product.name"], client="web", count=40)

    unused = _check(shop, tmp_path, "products", PRODUCTS_WITHOUT_PRICE, "--format", "json")
    assert unused.status == 0, unused.out
    [change] = _report(unused)["changes"]
    assert change["criticality"] == "SAFE"
    assert change["unused"] is True
    assert "unused in the last 7 days" in change["reason"]

    strict = _check(shop, tmp_path, "products", PRODUCTS_WITHOUT_PRICE, "--strict")
    assert strict.status == 1

    used = _check(shop, tmp_path, "products", PRODUCTS_WITHOUT_NAME, "--format", "json")
    assert used.status == 1
    report = _report(used)
    name_change = next(c for c in report["changes"] if c["coordinate"] == "Product.name")
    assert name_change["criticality"] == "BREAKING"
    assert name_change["usage"]["requests"] == 40
    assert name_change["usage"]["clients"] == [{"client": "web@1.0", "requests": 40}]
    # The plan-aware section sees the same operation stop validating.
    [finding] = report["plans"]["findings"]
    assert finding["kind"] == "INVALID"
    assert finding["operation"]["clients"] == ["web@1.0"]

    excluded = _check(shop, tmp_path, "products", PRODUCTS_WITHOUT_NAME, "--exclude-client", "web")
    assert excluded.status == 0, excluded.out


def test_markdown_puts_the_verdict_first_then_changes_then_clients(
    shop: Registry, tmp_path: Path
) -> None:
    _use(shop, "{ products { name } }", ["Query.products", "Product.name"], client="ios", count=7)
    result = _check(shop, tmp_path, "products", PRODUCTS_WITHOUT_NAME, "--format", "markdown")
    assert result.status == 1
    lines = result.out.splitlines()
    assert lines[0].startswith("### ❌ Schema check failed")
    changes = lines.index("#### Changes (1)")
    clients = next(i for i, line in enumerate(lines) if line.startswith("#### Affected clients"))
    assert changes < clients
    assert "| ios@1.0 | 7 |" in lines
    assert any("`Product.name`" in line and "BREAKING" in line for line in lines)


def test_a_plan_that_gains_a_fetch_is_reported_with_both_plans(
    registry: Registry, tmp_path: Path
) -> None:
    _publish(registry, tmp_path, "products", PRODUCTS)
    _publish(registry, tmp_path, "reviews", REVIEWS_WITH_NAME)
    _use(
        registry, "{ products { name } }", ["Query.products", "Product.name"], client="web", count=3
    )
    result = _check(registry, tmp_path, "products", PRODUCTS_WITHOUT_NAME, "--format", "json")
    report = _report(result)
    # The API schema is the same: reviews still resolves the name.
    assert [c["type"] for c in report["changes"]] == ["FEDERATION_FIELD_LEFT_SUBGRAPH"]
    [finding] = report["plans"]["findings"]
    assert finding["kind"] == "WORSE"
    assert finding["criticality"] == "DANGEROUS"
    assert finding["before"]["fetches"] == 1
    assert finding["after"]["fetches"] == 2
    assert "reviews" in finding["after"]["subgraphs"]
    assert 'Fetch(service: "products")' in finding["beforePlan"]
    assert 'Fetch(service: "reviews")' in finding["afterPlan"]
    assert result.status == 0, "a worse plan warns unless a threshold says otherwise"
    limited = _check(
        registry, tmp_path, "products", PRODUCTS_WITHOUT_NAME, "--max-added-fetches", "0"
    )
    assert limited.status == 1


def test_an_approval_holds_for_its_context_only(shop: Registry, tmp_path: Path) -> None:
    first = _check(
        shop, tmp_path, "products", PRODUCTS_WITHOUT_PRICE, "--context", "pr-7", "--format", "json"
    )
    assert first.status == 1
    check_id = _report(first)["id"]

    approved = run_cli(
        "check", "approve", str(check_id), "--format", "json", url=shop.url, token=shop.admin_token
    )
    assert approved.status == 0, approved.err
    assert _report(approved)["passed"] is True

    again = _check(shop, tmp_path, "products", PRODUCTS_WITHOUT_PRICE, "--context", "pr-7")
    assert again.status == 0, again.out
    assert "[approved]" in again.out
    other = _check(shop, tmp_path, "products", PRODUCTS_WITHOUT_PRICE, "--context", "pr-8")
    assert other.status == 1


def test_only_an_admin_approves(shop: Registry, tmp_path: Path) -> None:
    first = _check(
        shop, tmp_path, "products", PRODUCTS_WITHOUT_PRICE, "--context", "pr-9", "--format", "json"
    )
    token = run_cli(
        "token",
        "create",
        "--name",
        "ci",
        "--scope",
        "check",
        "--graph",
        "shop",
        url=shop.url,
        token=shop.admin_token,
    ).out.strip()
    refused = run_cli("check", "approve", str(_report(first)["id"]), url=shop.url, token=token)
    assert refused.status == 3
    assert "lacks the 'admin' scope" in refused.err


def test_the_check_page_serves_the_stored_report(shop: Registry, tmp_path: Path) -> None:
    result = _check(shop, tmp_path, "products", PRODUCTS_WITHOUT_PRICE, "--format", "json")
    report = _report(result)
    page = httpx.get(report["url"], headers={"Authorization": f"Bearer {shop.admin_token}"})
    assert page.status_code == 200
    assert page.json()["report"]["changes"] == report["changes"]
    assert httpx.get(report["url"]).status_code == 401
