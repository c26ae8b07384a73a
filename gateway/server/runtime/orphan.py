"""A worker process stops when the process that started it is gone.

uvicorn's supervisor stops its workers on SIGTERM or SIGINT; killed outright (SIGKILL, the OOM
killer, a crash) it cannot, and its workers would serve on, unsupervised, holding the port until
someone finds them.  Each worker watches its parent's pid from a daemon thread and, once the
parent has changed (the worker was handed to init or a subreaper), stops itself the graceful
way: SIGTERM to its own process, which drains in-flight requests as any stop does.
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


def stop_when_orphaned(poll_seconds: float = POLL_SECONDS) -> threading.Thread:
    """Starts the watch for this process (its parent as of now) and returns its thread."""
    parent = os.getppid()
    thread = threading.Thread(
        target=_watch, args=(parent, poll_seconds), name="parent-watch", daemon=True
    )
    thread.start()
    return thread


def _watch(parent: int, poll_seconds: float) -> None:
    while True:
        time.sleep(poll_seconds)
        if os.getppid() != parent:
            logger.warning(
                "the supervisor (pid %d) is gone: this worker (pid %d) stops",
                parent,
                os.getpid(),
            )
            os.kill(os.getpid(), signal.SIGTERM)
            return
