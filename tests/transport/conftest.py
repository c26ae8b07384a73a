"""Every transport test ends without loose ends on the event loop."""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def no_loose_ends(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """No task destroyed pending, no future's exception unread, no protocol callback failing."""
    caplog.set_level(logging.ERROR, logger="asyncio")
    yield
    gc.collect()  # unread exceptions and pending tasks are reported when collected
    reports = [record.getMessage() for record in caplog.records if record.name == "asyncio"]
    assert reports == []
