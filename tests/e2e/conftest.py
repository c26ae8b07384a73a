"""The whole platform for end-to-end tests: seeded stores, four subgraphs, our gateway."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from gateway.config import AuthConfig, GatewayConfig, SubgraphsConfig, SupergraphConfig
from gateway.server import Gateway, create_app, gateway_from_sdl
from gateway.server.runtime.assemble import gateway_from_config
from shared.auth import TOKEN_ISSUER
from shared.launcher.services import SUBGRAPHS
from shared.stores import StoreUrls
from tests.support.servers import serve_in_thread, serve_subprocess

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True, slots=True, kw_only=True)
class Platform:
    gateway_url: str
    subgraph_urls: dict[str, str]
    stores: StoreUrls
    mail_dir: Path  # where accounts writes its mail (sign-up confirmations)


@pytest.fixture(scope="session")
def platform(stores: StoreUrls, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    for service in SUBGRAPHS:
        subprocess.run(
            [sys.executable, "-m", service.module, "seed"], check=True, env=dict(os.environ)
        )
    mail_dir = tmp_path_factory.mktemp("mail")
    env: dict[str, dict[str, str]] = {"accounts": {"ACCOUNTS_MAIL_DIR": str(mail_dir)}}
    sdl = (ROOT / "schema" / "supergraph.graphql").read_text()
    # Scheduling first: reviews asks it whether a student had a lesson with a tutor.
    order = sorted(SUBGRAPHS, key=lambda s: s.name != "scheduling")
    with contextlib.ExitStack() as stack:
        urls: dict[str, str] = {}
        for s in order:
            if s.name == "reviews":
                env["reviews"] = {"REVIEWS_SCHEDULING_URL": urls["scheduling"]}
            base_url = stack.enter_context(serve_subprocess(f"{s.module}.app:app", env.get(s.name)))
            urls[s.name] = f"{base_url}/graphql"
        gateway = gateway_from_sdl(sdl, url_overrides=urls)
        assert not isinstance(gateway, Exception), gateway
        base = stack.enter_context(serve_in_thread(create_app(gateway)))
        yield Platform(
            gateway_url=f"{base}/graphql", subgraph_urls=urls, stores=stores, mail_dir=mail_dir
        )


@pytest.fixture(scope="session")
def gateway_url(platform: Platform) -> Iterator[str]:
    """The platform behind a gateway that verifies tokens (`auth`), as `task up` runs it."""
    config = GatewayConfig(
        supergraph=SupergraphConfig(
            file=str(ROOT / "schema" / "supergraph.graphql"), poll_interval_seconds=0
        ),
        subgraphs=SubgraphsConfig(urls=platform.subgraph_urls),
        auth=AuthConfig(issuer=TOKEN_ISSUER),
    )
    gateway = gateway_from_config(config, env=os.environ)
    assert isinstance(gateway, Gateway), gateway
    with serve_in_thread(create_app(gateway, config)) as base:
        yield f"{base}/graphql"
