"""Real subgraphs on loopback sockets and a gateway in front of them, once per module."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from gateway.execution import ExecutionOptions
from gateway.server import Gateway, create_app, gateway_from_sdl
from tests.support.servers import free_port, serve_in_thread

from .subgraphs import (
    ACCOUNTS,
    REVIEWS_SCHEMA,
    ChaosControl,
    chaos_app,
    strawberry_app,
    supergraph_sdl,
)

# The chaos subgraph gets a short timeout so the hang test finishes quickly; others keep 30 s.
CHAOS_TIMEOUT = 0.5


@dataclass(slots=True)
class Stack:
    gateway: httpx.Client
    chaos: ChaosControl
    sdl: str

    def query(
        self, query: str, headers: dict[str, str] | None = None, **extra: object
    ) -> httpx.Response:
        return self.gateway.post("/graphql", json={"query": query, **extra}, headers=headers)


@pytest.fixture(scope="module")
def subgraph_urls() -> Iterator[tuple[dict[str, str], ChaosControl]]:
    control = ChaosControl()
    with contextlib.ExitStack() as stack:
        accounts = stack.enter_context(serve_in_thread(strawberry_app(ACCOUNTS)))
        reviews = stack.enter_context(serve_in_thread(strawberry_app(REVIEWS_SCHEMA)))
        chaos = stack.enter_context(serve_in_thread(chaos_app(control)))
        stack.callback(control.release.set)  # runs first: frees hanging requests before shutdown
        yield (
            {
                "accounts": f"{accounts}/graphql",
                "reviews": f"{reviews}/graphql",
                "chaos": f"{chaos}/graphql",
            },
            control,
        )


@pytest.fixture(scope="module")
def stack(subgraph_urls: tuple[dict[str, str], ChaosControl]) -> Iterator[Stack]:
    urls, control = subgraph_urls
    sdl = supergraph_sdl(urls)
    options = ExecutionOptions(timeouts={"chaos": CHAOS_TIMEOUT})
    gateway = gateway_from_sdl(sdl, options=options)
    assert isinstance(gateway, Gateway), gateway
    with (
        serve_in_thread(create_app(gateway)) as base,
        httpx.Client(base_url=base, timeout=60) as client,
    ):
        yield Stack(gateway=client, chaos=control, sdl=sdl)


@pytest.fixture
def chaos(stack: Stack) -> Iterator[ChaosControl]:
    yield stack.chaos
    stack.chaos.mode = "ok"


def closed_port_url() -> str:
    return f"http://127.0.0.1:{free_port()}/graphql"
