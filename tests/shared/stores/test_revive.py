"""A store server that crashed comes back on its ports, and the suite's guard reruns the test it
broke once, naming the crash in the summary (tests/support/store_guard.py)."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest
from neo4j import GraphDatabase

from shared.stores._process import pid_alive
from shared.stores.graph import graph_server

pytest_plugins = ["pytester"]

REPO = Path(__file__).resolve().parents[3]


def _answer(bolt_port: int) -> int:
    with GraphDatabase.driver(f"bolt://127.0.0.1:{bolt_port}", auth=None) as driver:
        records, _, _ = driver.execute_query("RETURN 41 + 1 AS y")
        return int(records[0]["y"])


def _kill(state: Path) -> None:
    pid = int(json.loads(state.read_text())["pid"])
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while pid_alive(pid):
        assert time.monotonic() < deadline, "the killed server did not go away"
        time.sleep(0.05)


def test_a_crashed_graph_server_comes_back_on_its_ports(tmp_path: Path) -> None:
    server = graph_server(tmp_path)
    ports = server.start()
    try:
        assert server.revive() is False  # running: nothing to do
        _kill(server.state_path)
        assert server.running_ports() is None
        assert server.revive() is True
        assert server.running_ports() == ports
        assert _answer(ports["bolt"]) == 42
        assert server.log_path.read_text().count("Ready to accept connections") == 2
    finally:
        server.stop()
    assert server.revive() is False  # stopped on purpose: stays stopped


CONFTEST = """
import pytest

from shared.stores.graph import graph_server
from tests.support import store_guard
from tests.support.store_guard import pytest_runtest_protocol


class Servers:
    def __init__(self, data_dir):
        self.graph = graph_server(data_dir)

    def revive(self):
        return {"falkordb": self.graph.log_path} if self.graph.revive() else {}


def pytest_terminal_summary(terminalreporter):
    for line in store_guard.every_crash_line():
        terminalreporter.line("CRASH " + line)


@pytest.fixture(scope="session")
def graph(tmp_path_factory):
    servers = Servers(tmp_path_factory.mktemp("stores"))
    ports = servers.graph.start()
    guard = store_guard.install(servers)
    yield servers.graph, ports
    store_guard.uninstall(guard)
    servers.graph.stop()
"""

TESTS = """
import json, os, signal, socket, time
from pathlib import Path

from shared.stores._process import pid_alive

RUNS = Path(__file__).with_name("runs.txt")


def _ask(port):
    # Redis' own PING: the guard is about the process, and FalkorDB's Bolt front end leaves
    # every second fresh driver's handshake unanswered (see tests/support/store_guard.py).
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(b"PING\\r\\n")
        return sock.recv(7) == b"+PONG\\r\\n"


def test_starts_the_store(graph):  # the guard takes over from the next test on
    assert _ask(graph[1]["redis"])


def _crash(graph):
    server, _ = graph
    pid = json.loads(server.state_path.read_text())["pid"]
    os.kill(pid, signal.SIGKILL)
    while pid_alive(pid):
        time.sleep(0.05)


def _count(name):
    runs = RUNS.read_text().split() if RUNS.exists() else []
    RUNS.write_text(" ".join([*runs, name]))
    return runs.count(name) + 1


def test_crashes_the_store_on_its_first_run(graph):
    if _count("first") == 1:
        _crash(graph)
    assert _ask(graph[1]["redis"])


def test_after_the_crash_the_store_answers(graph):
    assert _ask(graph[1]["redis"])


def test_crashes_it_every_time(graph):
    _crash(graph)
    assert _ask(graph[1]["redis"])


def test_fails_without_a_crash(graph):
    _count("plain")
    assert False, "a plain failure"
"""


def test_the_guard_reruns_a_test_broken_by_a_crash_and_names_it(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_inner=TESTS)
    monkeypatch.setenv("PYTHONPATH", str(REPO))
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-q")
    result.assert_outcomes(passed=3, failed=2)
    out = result.stdout.str()
    crashed = "CRASH falkordb crashed during test_inner.py::test_crashes_"
    assert f"{crashed}the_store_on_its_first_run and was restarted (rerun: passed)" in out
    assert f"{crashed}it_every_time and was restarted (rerun: failed)" in out
    assert out.count(crashed) == 2
    # A failure with every store up is not rerun.
    runs = (pytester.path / "runs.txt").read_text().split()
    assert runs.count("first") == 2
    assert runs.count("plain") == 1
