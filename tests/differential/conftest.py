"""Shared servers for the differential tests: every scenario's subgraphs, and our gateway."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conformance.harness import Scenario
from conformance.harness.subgraph_server import serve_subgraphs
from conformance.harness.supergraphs import supergraph_sdl
from conformance.scenarios import all_scenarios

from .processes import Gateway, start


class OurGateways:
    """Our gateway on one scenario's supergraph at a time, started on first use."""

    def __init__(self, origin: str, workdir: Path) -> None:
        self.origin = origin
        self.workdir = workdir
        self.current: tuple[str, Gateway] | None = None

    def for_scenario(self, scenario: Scenario) -> Gateway:
        if self.current is None or self.current[0] != scenario.name:
            self.close()
            path = self.workdir / f"{scenario.name}.graphql"
            path.write_text(supergraph_sdl(scenario, self.origin))
            self.current = (
                scenario.name,
                start("ours", path, self.workdir / f"{scenario.name}.log"),
            )
        return self.current[1]

    def close(self) -> None:
        if self.current is not None:
            self.current[1].stop()
        self.current = None


@pytest.fixture(scope="session")
def differential_gateways(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OurGateways]:
    with serve_subgraphs(all_scenarios()) as origin:
        manager = OurGateways(origin, tmp_path_factory.mktemp("differential"))
        try:
            yield manager
        finally:
            manager.close()
