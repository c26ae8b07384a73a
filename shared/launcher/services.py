"""What the local platform runs: the subgraphs and the gateway, their commands and ports."""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass

__all__ = ["BASE_PORT", "SUBGRAPHS", "Service", "available", "gateway_service", "subgraphs"]

# The gateway listens on the base port and subgraph n on base + n.
BASE_PORT = 4000


@dataclass(frozen=True, slots=True, kw_only=True)
class Service:
    name: str
    module: str  # run as `python -m <module> ...`; must exist for the service to start
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def serve_command(self, host: str, extra: tuple[str, ...] = ()) -> list[str]:
        return [
            sys.executable,
            "-m",
            self.module,
            "serve",
            "--host",
            host,
            "--port",
            str(self.port),
            *extra,
        ]


# In the order they are seeded, started and published. Payments comes last: it requires fields
# of tutors, scheduling and learning (`@external`), so a supergraph composed without those fails.
SUBGRAPHS = (
    Service(name="accounts", module="subgraphs.accounts", port=4001),
    Service(name="tutors", module="subgraphs.tutors", port=4002),
    Service(name="reviews", module="subgraphs.reviews", port=4003),
    Service(name="scheduling", module="subgraphs.scheduling", port=4004),
    Service(name="learning", module="subgraphs.learning", port=4006),
    Service(name="payments", module="subgraphs.payments", port=4005),
)


def subgraphs(base_port: int = BASE_PORT) -> tuple[Service, ...]:
    """The subgraphs on ports counted from `base_port` (the defaults from 4000)."""
    return tuple(
        Service(name=s.name, module=s.module, port=s.port - BASE_PORT + base_port)
        for s in SUBGRAPHS
    )


def gateway_service(base_port: int = BASE_PORT) -> Service:
    return Service(name="gateway", module="gateway", port=base_port)


def available(module: str, submodule: str = "__main__") -> bool:
    """Whether a part of the platform exists in this checkout."""
    try:
        return importlib.util.find_spec(f"{module}.{submodule}") is not None
    except ModuleNotFoundError:
        return False
