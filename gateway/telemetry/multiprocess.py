"""Metrics across `--workers N` processes: prometheus_client's multiprocess mode, set up for them.

Each worker has its own registry; a scrape reaches one worker at random.  With
`PROMETHEUS_MULTIPROC_DIR` set before the workers start, every worker writes its values to files
in that directory and `/metrics` on any worker adds all of them up (`GatewayMetrics.render`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator, MutableMapping
from pathlib import Path

from prometheus_client.multiprocess import mark_process_dead

__all__ = ["MULTIPROC_ENV", "multiprocess_enabled", "release_worker", "shared_worker_metrics"]

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"


def multiprocess_enabled() -> bool:
    return bool(os.environ.get(MULTIPROC_ENV))


@contextlib.contextmanager
def shared_worker_metrics(
    env: MutableMapping[str, str] = os.environ,
) -> Iterator[Path]:
    """Around starting the workers: a fresh, empty metrics directory in `env`, removed after.

    An operator's own `PROMETHEUS_MULTIPROC_DIR` is used as it is and left in place (it must be
    emptied between runs: counters of a previous run would be added to this one's).
    """
    existing = env.get(MULTIPROC_ENV)
    if existing:
        yield Path(existing)
        return
    directory = tempfile.mkdtemp(prefix="gateway-metrics-")
    env[MULTIPROC_ENV] = directory
    try:
        yield Path(directory)
    finally:
        env.pop(MULTIPROC_ENV, None)
        shutil.rmtree(directory, ignore_errors=True)


def release_worker(pid: int | None = None) -> None:
    """Drops a stopped worker's live gauges (requests in flight) from the shared directory."""
    directory = os.environ.get(MULTIPROC_ENV)
    if directory:
        # prometheus_client leaves this function unannotated.
        mark_process_dead(os.getpid() if pid is None else pid, directory)  # type: ignore[no-untyped-call]
