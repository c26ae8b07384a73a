"""Plans do not depend on the process: string hashing order never leaks into a plan."""

from __future__ import annotations

import os
import subprocess
import sys

_SCRIPT = """
from pathlib import Path
from graphql import parse
from gateway.plan import print_plan
from gateway.planner import QueryPlanner
from gateway.supergraph import load_supergraph
sg = load_supergraph(Path("tests/fixtures/supergraphs/tutoring.graphql").read_text())
planner = QueryPlanner(sg)
for query in (
    '{ tutor(id: "1") { headline user { name timezone } rating reviews { author { name } } } }',
    '{ search(text: "x") { ... on Tutor { rating user { localReviewTime } } } }',
    '{ node(id: "1") { id ... on User { createdAt tutor { rating } } } }',
):
    print(print_plan(planner.plan(parse(query))))
"""


def _plans(seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout


def test_plans_are_identical_across_hash_seeds() -> None:
    first = _plans("1")
    assert "QueryPlan {" in first
    assert _plans("2") == first
    assert _plans("3") == first
