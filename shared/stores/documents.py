"""A local MongoDB wire-protocol server: the `secantusdb` wheel's `secantusd-py`."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Mapping
from pathlib import Path

from shared.stores._daemon import Daemon
from shared.stores._process import StoreStartError

__all__ = ["document_server"]


def _command(workdir: Path, ports: Mapping[str, int]) -> list[str]:
    exe = Path(sys.executable).parent / "secantusd-py"
    found = str(exe) if exe.exists() else shutil.which("secantusd-py")
    if not found:
        raise StoreStartError("the secantusdb wheel is not installed (`uv sync`)")
    return [
        found,
        "--host",
        "127.0.0.1",
        "--port",
        str(ports["mongo"]),
        "--storage-path",
        str(workdir / "data"),
        "--log-level",
        "WARNING",
    ]


def document_server(data_dir: Path, ports: Mapping[str, int] | None = None) -> Daemon:
    """The SecantusDB server; `ports` may pin `mongo`."""
    return Daemon("secantusdb", data_dir, _command, ("mongo",), ports)
