"""The benchmark's round order: every target once per round, the compared pair at each turn
(`bench` here is this test package, so the checks run in a subprocess from the repository root)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

SCRIPT = """
import json
from bench.runner.targets import CEILING, gateway_targets, round_order
targets = (CEILING, *gateway_targets())
others = [t for t in targets if t.key not in {"ours", "grafbase"}]
print(json.dumps({
    "all": [t.key for t in targets],
    "rounds": [[t.key for t in round_order(targets, n)] for n in (1, 2, 3, 4)],
    "others": [t.key for t in others],
    "others_rounds": [[t.key for t in round_order(others, n)] for n in (1, 2)],
}))
"""


def orders() -> dict[str, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=REPO, capture_output=True, text=True, check=True
    )
    result: dict[str, list[str]] = json.loads(done.stdout)
    return result


def test_round_order() -> None:
    found = orders()
    every, rounds = found["all"], found["rounds"]
    for keys in rounds:
        assert sorted(keys) == sorted(every)  # every target once per round
    turn = len(every)
    assert (rounds[0] + rounds[1])[turn - 2 : turn + 2] == ["ours", "grafbase", "grafbase", "ours"]
    assert rounds[1] == rounds[0][::-1]
    assert rounds[2] == rounds[0]
    assert rounds[3] == rounds[1]
    # Without the pair, the list keeps its order (and is reversed in even rounds).
    assert found["others_rounds"] == [found["others"], found["others"][::-1]]
