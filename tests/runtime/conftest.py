"""Two stand-in subgraphs on loopback sockets, shared by a module's tests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.support.servers import serve_in_thread

from .standins import StandIn


@dataclass(frozen=True, slots=True, kw_only=True)
class Subgraphs:
    alpha: StandIn
    beta: StandIn
    alpha_url: str
    beta_url: str


@pytest.fixture(scope="module")
def subgraphs() -> Iterator[Subgraphs]:
    alpha, beta = StandIn("alpha"), StandIn("beta")
    with serve_in_thread(alpha.app()) as a, serve_in_thread(beta.app()) as b:
        try:
            yield Subgraphs(
                alpha=alpha, beta=beta, alpha_url=f"{a}/graphql", beta_url=f"{b}/graphql"
            )
        finally:
            alpha.release.set()
            beta.release.set()


@pytest.fixture
def standins(subgraphs: Subgraphs) -> Iterator[Subgraphs]:
    """The shared stand-ins: `slow` held until the test releases it; reset afterwards."""
    both = (subgraphs.alpha, subgraphs.beta)
    for standin in both:
        standin.release.clear()
        standin.slow_arrived.clear()
    yield subgraphs
    for standin in both:
        standin.release.set()  # frees anything still held before the next test
        standin.delay = 0.0
        standin.failing = False
