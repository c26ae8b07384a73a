"""Publishing, fetching, deleting and history through the CLI, against a real registry process
on a real PostgreSQL database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest

from tests.registry.conftest import Registry, run_cli
from tests.registry.schemas import PRODUCTS, REVIEWS, REVIEWS_CLASHING, write

pytestmark = pytest.mark.stores


def _publish(registry: Registry, tmp: Path, name: str, sdl: str, *extra: str) -> tuple[int, str]:
    result = run_cli(
        "subgraph",
        "publish",
        "--graph",
        "shop",
        "--name",
        name,
        "--schema",
        write(tmp, name, sdl),
        "--url",
        f"http://{name}.internal/graphql",
        *extra,
        url=registry.url,
        token=registry.admin_token,
    )
    return result.status, result.out + result.err


def _supergraph(
    registry: Registry, token: str | None = None, etag: str | None = None
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token or registry.admin_token}"}
    if etag is not None:
        headers["If-None-Match"] = etag
    return httpx.get(f"{registry.url}/graphs/shop/variants/current/supergraph", headers=headers)


def test_publish_fetch_history_and_delete(registry: Registry, tmp_path: Path) -> None:
    status, out = _publish(registry, tmp_path, "products", PRODUCTS)
    assert status == 0, out
    assert "Published products as version" in out
    status, out = _publish(registry, tmp_path, "reviews", REVIEWS)
    assert status == 0, out

    fetched = run_cli(
        "supergraph", "fetch", "--graph", "shop", url=registry.url, token=registry.admin_token
    )
    assert fetched.status == 0
    assert (
        'PRODUCTS @join__graph(name: "products", url: "http://products.internal/graphql")'
        in fetched.out
    )
    assert (
        'REVIEWS @join__graph(name: "reviews", url: "http://reviews.internal/graphql")'
        in fetched.out
    )

    history = run_cli(
        "history",
        "--graph",
        "shop",
        "--name",
        "products",
        "--format",
        "json",
        url=registry.url,
        token=registry.admin_token,
    )
    assert history.status == 0
    recorded = json.loads(history.out)
    assert [c["status"] for c in recorded["compositions"]] == ["SUCCEEDED", "SUCCEEDED"]
    assert len(recorded["versions"]) == 1

    deleted = run_cli(
        "subgraph",
        "delete",
        "--graph",
        "shop",
        "--name",
        "reviews",
        url=registry.url,
        token=registry.admin_token,
    )
    assert deleted.status == 0, deleted.err
    after = _supergraph(registry)
    assert after.status_code == 200
    assert "REVIEWS" not in after.text
    assert "PRODUCTS" in after.text


def test_an_identical_publish_changes_nothing(registry: Registry, tmp_path: Path) -> None:
    assert _publish(registry, tmp_path, "products", PRODUCTS)[0] == 0
    first = _supergraph(registry)
    status, out = _publish(registry, tmp_path, "products", PRODUCTS)
    assert status == 0
    assert "unchanged" in out
    assert _supergraph(registry).headers["etag"] == first.headers["etag"]
    history = run_cli(
        "history",
        "--graph",
        "shop",
        "--format",
        "json",
        url=registry.url,
        token=registry.admin_token,
    )
    assert len(json.loads(history.out)["compositions"]) == 1


def test_a_failing_composition_is_recorded_and_serves_nothing_new(
    registry: Registry, tmp_path: Path
) -> None:
    assert _publish(registry, tmp_path, "products", PRODUCTS)[0] == 0
    assert _publish(registry, tmp_path, "reviews", REVIEWS)[0] == 0
    served = _supergraph(registry)

    status, out = _publish(registry, tmp_path, "reviews", REVIEWS_CLASHING)
    assert status == 1
    assert "composition failed" in out
    assert "INVALID_FIELD_SHARING" in out

    again = _supergraph(registry)
    assert again.headers["etag"] == served.headers["etag"]
    assert again.text == served.text
    history = run_cli(
        "history",
        "--graph",
        "shop",
        "--name",
        "reviews",
        "--format",
        "json",
        url=registry.url,
        token=registry.admin_token,
    )
    recorded = json.loads(history.out)
    assert [c["status"] for c in recorded["compositions"]] == ["FAILED", "SUCCEEDED", "SUCCEEDED"]
    assert recorded["compositions"][0]["errors"][0]["code"] == "INVALID_FIELD_SHARING"
    assert len(recorded["versions"]) == 2


def test_the_supergraph_endpoint_answers_304_to_its_etag(
    registry: Registry, tmp_path: Path
) -> None:
    missing = _supergraph(registry)
    assert missing.status_code == 404
    assert _publish(registry, tmp_path, "products", PRODUCTS)[0] == 0
    first = _supergraph(registry)
    assert first.status_code == 200
    etag = first.headers["etag"]
    assert first.headers["x-registry-version"].isdigit()
    unchanged = _supergraph(registry, etag=etag)
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert _publish(registry, tmp_path, "reviews", REVIEWS)[0] == 0
    changed = _supergraph(registry, etag=etag)
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag


def test_concurrent_publishes_never_lose_a_version(registry: Registry, tmp_path: Path) -> None:
    """Eight subgraphs published at once to one variant: every one is in the final supergraph."""
    names = [f"part{i}" for i in range(8)]
    results: dict[str, int] = {}

    def publish(name: str) -> None:
        link = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3")\n'
        directory = tmp_path / name
        directory.mkdir()
        schema = write(directory, name, link + f"type Query {{ {name}: String }}\n")
        # A process per publish, as separate CI jobs would run them.
        command = [sys.executable, "-m", "registry", "subgraph", "publish", "--graph", "shop"]
        command += ["--name", name, "--schema", schema, "--url", f"http://{name}.internal/graphql"]
        env = {**os.environ, "REGISTRY_URL": registry.url, "REGISTRY_TOKEN": registry.admin_token}
        done = subprocess.run(command, env=env, capture_output=True, timeout=120, check=False)
        results[name] = done.returncode

    threads = [threading.Thread(target=publish, args=(name,)) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert results == dict.fromkeys(names, 0)
    served = _supergraph(registry).text
    for name in names:
        assert f"{name}: String" in served
    history = run_cli(
        "history",
        "--graph",
        "shop",
        "--format",
        "json",
        url=registry.url,
        token=registry.admin_token,
    )
    compositions = json.loads(history.out)["compositions"]
    assert len(compositions) == 8
    assert sorted(len(c["versions"]) for c in compositions) == list(range(1, 9))


def test_tokens_are_scoped(registry: Registry, tmp_path: Path) -> None:
    assert _publish(registry, tmp_path, "products", PRODUCTS)[0] == 0
    created = run_cli(
        "token",
        "create",
        "--name",
        "gateway",
        "--scope",
        "read",
        "--graph",
        "shop",
        url=registry.url,
        token=registry.admin_token,
    )
    assert created.status == 0
    read_token = created.out.strip()
    assert read_token.startswith("rgt_")
    assert _supergraph(registry, token=read_token).status_code == 200

    refused = run_cli(
        "subgraph",
        "publish",
        "--graph",
        "shop",
        "--name",
        "products",
        "--schema",
        write(tmp_path, "p2", PRODUCTS + "\n# changed\n"),
        "--url",
        "http://p/graphql",
        url=registry.url,
        token=read_token,
    )
    assert refused.status == 3
    assert "lacks the 'publish' scope" in refused.err

    other = run_cli(
        "token",
        "create",
        "--name",
        "other",
        "--scope",
        "read",
        "--graph",
        "elsewhere",
        url=registry.url,
        token=registry.admin_token,
    )
    assert _supergraph(registry, token=other.out.strip()).status_code == 403
    assert _supergraph(registry, token="rgt_not-a-token").status_code == 401
    no_token = httpx.get(f"{registry.url}/graphs/shop/variants/current/supergraph")
    assert no_token.status_code == 401


def test_unreachable_registry_and_usage_errors_have_their_exit_codes(tmp_path: Path) -> None:
    unreachable = run_cli(
        "supergraph", "fetch", "--graph", "shop", url="http://127.0.0.1:9", token="x" * 30
    )
    assert unreachable.status == 3
    assert "cannot reach the registry" in unreachable.err
    missing_argument = run_cli("subgraph", "publish", "--graph", "shop")
    assert missing_argument.status == 2
    no_url = run_cli("supergraph", "fetch", "--graph", "shop")
    assert no_url.status == 2


def test_bad_input_is_refused_with_a_code(registry: Registry, tmp_path: Path) -> None:
    bad_name = run_cli(
        "subgraph",
        "publish",
        "--graph",
        "shop",
        "--name",
        "no spaces please",
        "--schema",
        write(tmp_path, "p", PRODUCTS),
        "--url",
        "http://p/graphql",
        url=registry.url,
        token=registry.admin_token,
    )
    assert bad_name.status == 2
    assert "BAD_USER_INPUT" in bad_name.err
    bad_url = run_cli(
        "subgraph",
        "publish",
        "--graph",
        "shop",
        "--name",
        "products",
        "--schema",
        write(tmp_path, "p", PRODUCTS),
        "--url",
        "ftp://p",
        url=registry.url,
        token=registry.admin_token,
    )
    assert bad_url.status == 2
    assert "url must be an http" in bad_url.err
    headers = {"Authorization": f"Bearer {registry.admin_token}"}
    usage = f"{registry.url}/graphs/shop/variants/current/usage"
    assert httpx.post(usage, content=b"{not json", headers=headers).status_code == 400
    assert _publish(registry, tmp_path, "products", PRODUCTS)[0] == 0
    missing_document = httpx.post(usage, json={"operations": [{"hash": "x"}]}, headers=headers)
    assert missing_document.status_code == 400
    assert "operation.document" in missing_document.json()["error"]["message"]
    unknown_variant = httpx.post(
        f"{registry.url}/graphs/shop/variants/nope/usage", json={"operations": []}, headers=headers
    )
    assert unknown_variant.status_code == 404
    anonymous = httpx.post(f"{registry.url}/graphql", json={"query": "{ graphs { name } }"})
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
