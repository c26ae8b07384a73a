"""The platform fed by the schema registry: the gateway takes its supergraph from the registry,
reports what clients ran, checks use that usage, and the gateway outlives the registry.

Real processes throughout: every subgraph on the seeded stores (`platform`), the registry
on its own PostgreSQL database, and `python -m gateway serve` configured with
`supergraph.registry`.
"""

from __future__ import annotations

import contextlib
import secrets
import time
from pathlib import Path

import httpx
import pytest
import yaml

from tests.registry.conftest import (
    registry_database,
    run_cli,
    running_gateway,
    running_registry,
)
from tests.support.platform import Platform

__all__ = ["registry_database"]  # the fixture, imported for this module

pytestmark = pytest.mark.stores

ROOT = Path(__file__).resolve().parents[2]
QUERY = "query Headlines { tutors(first: 3) { edges { node { id headline } } } }"
CLIENT = {"apollographql-client-name": "web", "apollographql-client-version": "2.0"}


def _ask(gateway: str) -> dict[str, object]:
    answer = httpx.post(f"{gateway}/graphql", json={"query": QUERY}, headers=CLIENT, timeout=30)
    assert answer.status_code == 200, answer.text
    body: dict[str, object] = answer.json()
    assert "errors" not in body, body
    return body


def _tutors_without(field: str, tmp: Path) -> str:
    """The tutors SDL without `Tutor.<field>` (the object type's field, not an input's)."""
    sdl = (ROOT / "schema" / "subgraphs" / "tutors.graphql").read_text()
    start = sdl.index('type Tutor @key(fields: "id") {')
    end = sdl.index("}", start)
    line = f"  {field}: String!\n"
    assert line in sdl[start:end]
    path = tmp / f"tutors-without-{field}.graphql"
    path.write_text(sdl[:start] + sdl[start:end].replace(line, "", 1) + sdl[end:])
    return str(path)


def test_the_gateway_serves_the_registrys_supergraph_and_outlives_it(
    platform: Platform, registry_database: str, tmp_path: Path
) -> None:
    admin = "admin-" + secrets.token_urlsafe(24)
    config = tmp_path / "gateway.yaml"
    cache = tmp_path / "cache" / "supergraph.graphql"
    with contextlib.ExitStack() as running:
        registry_process = contextlib.ExitStack()
        running.enter_context(registry_process)
        registry = registry_process.enter_context(running_registry(registry_database, admin))
        for name, url in platform.subgraph_urls.items():
            published = run_cli(
                "subgraph",
                "publish",
                "--graph",
                "tutorgraph",
                "--name",
                name,
                "--schema",
                str(ROOT / "schema" / "subgraphs" / f"{name}.graphql"),
                "--url",
                url,
                url=registry,
                token=admin,
            )
            assert published.status == 0, published.out + published.err
        read = run_cli(
            "token",
            "create",
            "--name",
            "gateway",
            "--scope",
            "read",
            "--graph",
            "tutorgraph",
            url=registry,
            token=admin,
        )
        token = read.out.strip()
        config.write_text(
            yaml.safe_dump(
                {
                    "supergraph": {
                        "registry": {
                            "url": registry,
                            "graph": "tutorgraph",
                            "variant": "current",
                            "poll_seconds": 1,
                            "cache_file": str(cache),
                        }
                    },
                    "usage": {"flush_seconds": 1},
                }
            )
        )
        gateway = running.enter_context(running_gateway(config, token))
        _ask(gateway)
        ready = httpx.get(f"{gateway}/ready").json()
        assert ready["supergraph"]["source"] == "registry", ready

        # Usage from this traffic reaches the registry: a check of the used field fails and
        # names the client; a check of a field nobody asked for passes as unused.
        deadline = time.monotonic() + 30
        while True:
            used = run_cli(
                "subgraph",
                "check",
                "--graph",
                "tutorgraph",
                "--name",
                "tutors",
                "--schema",
                _tutors_without("headline", tmp_path),
                url=registry,
                token=admin,
            )
            if "web@2.0" in used.out or time.monotonic() > deadline:
                break
            _ask(gateway)
            time.sleep(0.5)
        assert used.status == 1, used.out
        assert "Tutor.headline" in used.out
        assert "web@2.0" in used.out
        unused = run_cli(
            "subgraph",
            "check",
            "--graph",
            "tutorgraph",
            "--name",
            "tutors",
            "--schema",
            _tutors_without("bio", tmp_path),
            "--format",
            "json",
            url=registry,
            token=admin,
        )
        assert unused.status == 0, unused.out
        assert '"unused": true' in unused.out

        # The registry goes down; the gateway keeps serving what it has through failed polls.
        registry_process.close()
        time.sleep(2.5)
        _ask(gateway)
    assert cache.exists()
    # A gateway started while the registry is down starts from the cached supergraph.
    with running_gateway(config, token) as gateway:
        _ask(gateway)
        ready = httpx.get(f"{gateway}/ready").json()
        assert ready["supergraph"]["source"] == "cache", ready
