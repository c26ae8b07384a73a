"""The gateway under test on one scenario's supergraph at a time.

Our gateway runs as one process that reloads each scenario's supergraph from the file it
watches (a cold start per scenario would cost seconds each); a gateway given by
`CONFORMANCE_GATEWAY_CMD` (a reference) is started afresh for each scenario instead.
"""

from __future__ import annotations

import os
from pathlib import Path

from .gateway_process import RELOAD_ENV, GatewayProcess, start_gateway, swap_supergraph
from .model import Scenario
from .supergraphs import supergraph_sdl


class Gateways:
    """The gateway serving the current scenario, switched on first use of the next."""

    def __init__(self, origin: str, workdir: Path) -> None:
        self.origin = origin
        self.workdir = workdir
        self.reloads = "CONFORMANCE_GATEWAY_CMD" not in os.environ
        self.current: tuple[str, GatewayProcess | RuntimeError] | None = None
        self.running: GatewayProcess | None = None

    def for_scenario(self, scenario: Scenario) -> GatewayProcess:
        if self.current is None or self.current[0] != scenario.name:
            self.current = (scenario.name, self._switch(scenario))
        running = self.current[1]
        if isinstance(running, RuntimeError):
            raise running
        return running

    def _switch(self, scenario: Scenario) -> GatewayProcess | RuntimeError:
        try:
            sdl = supergraph_sdl(scenario, self.origin)
            running = self.running
            if self.reloads and running is not None and running.process.poll() is None:
                swap_supergraph(
                    self.workdir / "current.graphql", sdl, running.log_path, running.process
                )
                return running
            self.close()
            name = "current" if self.reloads else scenario.name
            path = self.workdir / f"{name}.graphql"
            path.write_text(sdl)
            self.running = start_gateway(
                path,
                self.workdir / f"{name}.log",
                RELOAD_ENV if self.reloads else None,
            )
            return self.running
        except RuntimeError as exc:
            return exc

    def close(self) -> None:
        if self.running is not None:
            self.running.stop()
        self.running = None
