"""The whole platform as a session fixture: seeded stores, every subgraph in its own process
(each told every other's URL, as `task up` does), and our gateway in front of them.  Shared by
the end-to-end tests and the registry console's scenario (which sends its usage through it)."""

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
from shared.launcher.platform import links, register_webhooks
from shared.launcher.services import SUBGRAPHS, Service
from shared.stores import StoreUrls
from tests.support.servers import free_port, serve_in_thread, serve_subprocess

__all__ = ["Platform", "platform"]

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
    # Ports first: subgraphs call each other (scheduling and payments both ways), so each is
    # told every other's URL before any starts, as `task up` does.
    services = tuple(Service(name=s.name, module=s.module, port=free_port()) for s in SUBGRAPHS)
    env = {
        **links(services),
        "ACCOUNTS_MAIL_DIR": str(mail_dir),
        # Redeliveries of notices and receipts not yet taken, hourly instead of every 30 s: a
        # first delivery is immediate, and a sweep's store queries would land in the
        # per-request counts that test_store_queries measures.
        "SCHEDULING_NOTICE_RETRY_SECONDS": "3600",
        "PAYMENTS_RECEIPT_RETRY_SECONDS": "3600",
    }
    sdl = (ROOT / "schema" / "supergraph.graphql").read_text()
    with contextlib.ExitStack() as stack:
        urls: dict[str, str] = {}
        for s in services:
            served = serve_subprocess(f"{s.module}.app:app", env, port=s.port)
            urls[s.name] = f"{stack.enter_context(served)}/graphql"
        payments = next(s for s in services if s.name == "payments")
        register_webhooks(stores, payments)
        gateway = gateway_from_sdl(sdl, url_overrides=urls)
        assert not isinstance(gateway, Exception), gateway
        base = stack.enter_context(serve_in_thread(create_app(gateway)))
        yield Platform(
            gateway_url=f"{base}/graphql", subgraph_urls=urls, stores=stores, mail_dir=mail_dir
        )
