"""One gateway process per scenario, started on first use and stopped when the next begins."""

from __future__ import annotations

from pathlib import Path

from .gateway_process import GatewayProcess, start_gateway
from .model import Scenario
from .supergraphs import supergraph_sdl


class Gateways:
    """Starts one gateway per scenario, lazily, keeping only the current one running."""

    def __init__(self, origin: str, workdir: Path) -> None:
        self.origin = origin
        self.workdir = workdir
        self.current: tuple[str, GatewayProcess | RuntimeError] | None = None

    def for_scenario(self, scenario: Scenario) -> GatewayProcess:
        if self.current is None or self.current[0] != scenario.name:
            self.close()
            self.current = (scenario.name, self._start(scenario))
        running = self.current[1]
        if isinstance(running, RuntimeError):
            raise running
        return running

    def _start(self, scenario: Scenario) -> GatewayProcess | RuntimeError:
        path = self.workdir / f"{scenario.name}.graphql"
        try:
            path.write_text(supergraph_sdl(scenario, self.origin))
            return start_gateway(path, self.workdir / f"{scenario.name}.log")
        except RuntimeError as exc:
            return exc

    def close(self) -> None:
        if self.current is not None and isinstance(self.current[1], GatewayProcess):
            self.current[1].stop()
        self.current = None
