"""A worker process stops when the process that started it is gone.

uvicorn's supervisor stops its workers on SIGTERM or SIGINT; killed outright (SIGKILL, the OOM
killer, a crash) it cannot, and its workers would serve on, unsupervised, holding the port until
someone finds them.  Each worker watches its parent's pid from a daemon thread and, once it is no
longer the supervisor's (the worker was handed to init or a subreaper), stops itself the
graceful way: SIGTERM to its own process, which drains in-flight requests as any stop does.
The supervisor's pid comes from the supervisor itself, not from the worker's parent at the
time the watch starts: a worker still starting when the supervisor died has init as its parent
by then.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time

__all__ = ["stop_when_orphaned"]

logger = logging.getLogger(__name__)

# Seconds between two looks at the parent's pid.
POLL_SECONDS = 1.0


def stop_when_orphaned(supervisor: int, poll_seconds: float = POLL_SECONDS) -> threading.Thread:
    """Starts the watch for this process, whose supervisor is `supervisor` (its parent's pid
    when the supervisor started it), and returns its thread. The first look is at once: a
    worker whose supervisor died while it was still starting stops as soon as it can."""
    thread = threading.Thread(
        target=_watch, args=(supervisor, poll_seconds), name="parent-watch", daemon=True
    )
    thread.start()
    return thread


def _watch(supervisor: int, poll_seconds: float) -> None:
    while os.getppid() == supervisor:
        time.sleep(poll_seconds)
    logger.warning(
        "the supervisor (pid %d) is gone: this worker (pid %d) stops", supervisor, os.getpid()
    )
    os.kill(os.getpid(), signal.SIGTERM)
