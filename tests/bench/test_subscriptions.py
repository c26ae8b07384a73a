"""The subscription bench delivers every event correctly and reports every figure, at a size
that runs in seconds; its checker turns a wrong, missing or repeated event into a failure.

Only correctness, never timings.  Everything runs in a subprocess from the repository root
(`bench` here is this test package).  The throughput part (wrk) is left out.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
LATENCY = {"count", "p50", "p90", "p99", "max"}
ROLES = {"gateway", "events", "catalog", "subscribers"}


def _python(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=REPO, capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip


def test_every_subscriber_gets_every_event_in_both_modes(tmp_path: Path) -> None:
    results = tmp_path / "results.json"
    done = _python(
        "-m", "bench.subscriptions", "--subscribers", "20", "--events", "3", "--mode", "both",
        "--no-throughput", "--no-write", "--gap", "0", "--settle", "0", "--timeout", "20",
        "--logs", str(tmp_path / "logs"), "--json", str(results),
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    data = json.loads(results.read_text())
    assert data["ok"] is True
    reports = {report["mode"]: report for report in data["reports"]}
    assert set(reports) == {"identical", "distinct"}
    for report in reports.values():
        assert report["ok"] is True
        assert report["failures"] == []
        assert report["expected"] == report["delivered"] == 20 * 3
        assert report["upstream_closed"] is True
        assert set(report["latency"]) == LATENCY
        assert report["latency"]["count"] == 60
        assert set(report["cpu_ms_per_delivery"]) >= ROLES
        assert set(report["cpu_ms_per_open"]) >= ROLES
        for key in ("rss_before_mb", "rss_open_mb", "rss_after_events_mb",
                    "kb_per_subscription", "fanout_median_ms", "open_seconds"):  # fmt: skip
            assert isinstance(report[key], float), key
        assert report["rss_open_mb"] > 0
    # Every event costs one entity fetch; distinct subscribers' fetches are never shared.
    assert reports["distinct"]["catalog_fetches_per_delivery"] == 1.0
    assert 0 < reports["identical"]["catalog_fetches_per_delivery"] <= 1.0
    assert "| 20 | distinct | 60 / 60 |" in done.stdout


CHECKER = """
from bench.subscriptions.subscribers import Fleet, expected_event

fleet = Fleet("ws://unused", 3, distinct=True)
emitted = {1: "100", 2: "200"}
good = lambda s, seq: {"data": expected_event(s, seq, emitted[seq])}
first, second, third = fleet.subscribers
first.received = [(1_000_100, 1, good(0, 1)), (2_000_200, 2, good(0, 2))]
second.received = [(300, 1, good(1, 1)), (400, 1, good(1, 1)), (500, 2, good(0, 2))]
third.received = [(600, 1, good(2, 1))]
third.failure = "socket closed (code 1006)"
check = fleet.check(emitted)
assert check.expected == 6, check
assert check.delivered == 4, check
assert sorted(check.latencies_ms) == [0.0002, 0.0005, 1.0, 2.0], check
text = "\\n".join(check.failures)
assert "subscriber 1: event 1 twice" in text, text
assert "subscriber 1: event 2 is" in text, text
assert "subscriber 2: socket closed" in text, text
assert "subscriber 2: missing events [2]" in text, text
assert len(check.failures) == 4, text
print("checked")
"""


def test_a_wrong_missing_or_repeated_event_is_a_failure() -> None:
    done = _python("-c", textwrap.dedent(CHECKER))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "checked"
