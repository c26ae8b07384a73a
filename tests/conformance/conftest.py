"""Conformance runs: the `conformance` marker, the opt-out switch, and the shared servers.

Every test here gets the `conformance` marker, so `pytest -m "not conformance"` leaves them
out; setting env `CONFORMANCE=0` deselects them too (they are reported as deselected).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from .harness.gateway_pool import Gateways
from .harness.subgraph_server import serve_subgraphs
from .scenarios import all_scenarios

HERE = Path(__file__).resolve().parent


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "conformance: federation conformance scenarios run against the gateway"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    ours = [item for item in items if Path(str(item.path)).is_relative_to(HERE)]
    for item in ours:
        item.add_marker(pytest.mark.conformance)
    if os.environ.get("CONFORMANCE") == "0" and ours:
        config.hook.pytest_deselected(items=ours)
        keep = set(map(id, ours))
        items[:] = [item for item in items if id(item) not in keep]


@pytest.fixture(scope="session")
def subgraph_origin() -> Iterator[str]:
    with serve_subgraphs(all_scenarios()) as origin:
        yield origin


@pytest.fixture(scope="session")
def gateways(subgraph_origin: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gateways]:
    manager = Gateways(subgraph_origin, tmp_path_factory.mktemp("conformance"))
    try:
        yield manager
    finally:
        manager.close()
