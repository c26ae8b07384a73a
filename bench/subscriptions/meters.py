"""CPU spent between two readings: per process of the run, and per core machine-wide.

The per-core figures count every process on the machine, ours or not: a core busy while our
processes used less of it means something else ran there (the machine is shared).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

import psutil  # type: ignore[import-untyped]

from bench.runner.processes import tree_cpu_seconds

__all__ = ["Meter", "Reading", "Usage"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Reading:
    processes: Mapping[str, float]  # CPU seconds so far, by role
    busy: Mapping[int, float]  # busy seconds so far, by core
    total: Mapping[int, float]  # all seconds so far, by core


@dataclass(frozen=True, slots=True, kw_only=True)
class Usage:
    seconds: Mapping[str, float]  # CPU seconds, by role
    busy: Mapping[int, float]  # fraction of the time each core was busy (any process)


def _busy(times: object) -> float:
    return sum(getattr(times, name, 0.0) for name in ("user", "nice", "system", "irq", "softirq"))


class Meter:
    """`pids` by role; the role `subscribers` is this process."""

    def __init__(self, pids: Mapping[str, int], cores: tuple[int, ...]) -> None:
        self.pids = {**pids, "subscribers": os.getpid()}
        self.cores = cores
        self._own = psutil.Process()

    def read(self) -> Reading:
        per_core = psutil.cpu_times(percpu=True)
        own = self._own.cpu_times()
        processes = {role: tree_cpu_seconds(pid) for role, pid in self.pids.items()}
        # This process alone: its tree holds every process the run started.
        processes["subscribers"] = own.user + own.system
        return Reading(
            processes=processes,
            busy={core: _busy(per_core[core]) for core in self.cores},
            total={core: sum(per_core[core]) for core in self.cores},
        )

    def since(self, before: Reading) -> Usage:
        now = self.read()
        busy = {}
        for core in self.cores:
            elapsed = now.total[core] - before.total[core]
            busy[core] = (now.busy[core] - before.busy[core]) / elapsed if elapsed > 0 else 0.0
        return Usage(
            seconds={role: now.processes[role] - before.processes[role] for role in self.pids},
            busy=busy,
        )
