"""Shared servers for the differential tests: every scenario's subgraphs, and our gateway."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conformance.harness import Scenario
from conformance.harness.gateway_process import RELOAD_ENV, swap_supergraph
from conformance.harness.subgraph_server import serve_subgraphs
from conformance.harness.supergraphs import supergraph_sdl
from conformance.scenarios import all_scenarios

from .processes import Gateway, start


class OurGateways:
    """Our gateway on one scenario's supergraph at a time: one process, started on first use,
    that reloads the next scenario's supergraph from the file it watches (restarted if it died).
    """

    def __init__(self, origin: str, workdir: Path) -> None:
        self.origin = origin
        self.workdir = workdir
        self.path = workdir / "current.graphql"
        self.current: tuple[str, Gateway] | None = None

    def for_scenario(self, scenario: Scenario) -> Gateway:
        if self.current is not None and self.current[0] == scenario.name:
            return self.current[1]
        sdl = supergraph_sdl(scenario, self.origin)
        if self.current is not None and self.current[1].process.poll() is None:
            gateway = self.current[1]
            swap_supergraph(self.path, sdl, gateway.log_path, gateway.process)
        else:
            self.close()
            self.path.write_text(sdl)
            gateway = start("ours", self.path, self.workdir / "current.log", RELOAD_ENV)
        self.current = (scenario.name, gateway)
        return gateway

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
