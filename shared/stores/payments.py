"""A local Stripe-compatible API server (the `localstripe` package) for Stripe's official SDK."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path

from shared.stores._daemon import Daemon

__all__ = ["payments_provider"]


def _command(workdir: Path, ports: Mapping[str, int]) -> list[str]:
    # Through our launcher (shared.stores.stripe_server), not localstripe's own command: that
    # one listens on every interface and keeps its objects in one file for the whole machine.
    return [
        sys.executable,
        "-m",
        "shared.stores.stripe_server",
        "--port",
        str(ports["stripe"]),
        "--state",
        str(workdir / "objects.pickle"),
    ]


def payments_provider(data_dir: Path, ports: Mapping[str, int] | None = None) -> Daemon:
    """The localstripe server; `ports` may pin `stripe`. Its API base is
    `http://127.0.0.1:<port>` (the SDK's `api` base address)."""
    return Daemon("localstripe", data_dir, _command, ("stripe",), ports)
