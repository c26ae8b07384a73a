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

from gateway.server import create_app, gateway_from_sdl
from shared.launcher.services import SUBGRAPHS
from shared.stores import StoreUrls
from tests.support.servers import serve_in_thread, serve_subprocess

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True, slots=True, kw_only=True)
class Platform:
    gateway_url: str
    subgraph_urls: dict[str, str]
    stores: StoreUrls


@pytest.fixture(scope="session")
def platform(stores: StoreUrls) -> Iterator[Platform]:
    for service in SUBGRAPHS:
        subprocess.run(
            [sys.executable, "-m", service.module, "seed"], check=True, env=dict(os.environ)
        )
    sdl = (ROOT / "schema" / "supergraph.graphql").read_text()
    with contextlib.ExitStack() as stack:
        urls = {
            s.name: stack.enter_context(serve_subprocess(f"{s.module}.app:app")) + "/graphql"
            for s in SUBGRAPHS
        }
        gateway = gateway_from_sdl(sdl, url_overrides=urls)
        assert not isinstance(gateway, Exception), gateway
        base = stack.enter_context(serve_in_thread(create_app(gateway)))
        yield Platform(gateway_url=f"{base}/graphql", subgraph_urls=urls, stores=stores)
