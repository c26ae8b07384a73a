"""The end-to-end tests' gateway with token verification, in front of the session's platform
(`tests.support.platform`, a fixture of the root conftest)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from gateway.config import AuthConfig, GatewayConfig, SubgraphsConfig, SupergraphConfig
from gateway.server import Gateway, create_app
from gateway.server.runtime.assemble import gateway_from_config
from shared.auth import TOKEN_ISSUER
from tests.support.platform import Platform
from tests.support.servers import serve_in_thread

__all__ = ["Platform"]

ROOT = Path(__file__).resolve().parents[2]


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
