"""Real subgraphs on loopback sockets, once per module (a real Redis: tests/conftest.py)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest

from tests.support.servers import serve_in_thread

from .stack import Flaky, accounts_app, supergraph_sdl


@pytest.fixture(scope="module")
def flaky_control() -> Flaky:
    return Flaky()


@pytest.fixture(scope="module")
def sdl(flaky_control: Flaky) -> Iterator[str]:
    with contextlib.ExitStack() as stack:
        accounts = stack.enter_context(serve_in_thread(accounts_app()))
        flaky = stack.enter_context(serve_in_thread(flaky_control.app()))
        stack.callback(flaky_control.release.set)
        yield supergraph_sdl({"accounts": f"{accounts}/graphql", "flaky": f"{flaky}/graphql"})


@pytest.fixture
def flaky(flaky_control: Flaky) -> Iterator[Flaky]:
    yield flaky_control
    flaky_control.mode = "ok"
