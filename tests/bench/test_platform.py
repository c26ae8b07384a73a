"""The platform benchmark's own parts: lessons cut on the grid and each booked once, requests
that are valid GraphQL bodies, and costs per request from two readings of the metrics.

Only these parts: the benchmark itself (`uv run task bench:platform`) never runs in the test
command. The checks run in a subprocess from the repository root (`bench` here is this test
package).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

COMMON = """
import datetime as dt
import json

from bench.platform.counters import Costs, snapshot
from bench.platform.flows import BOOK, SIGN_IN, cycling, profile_window, sign_in_lines
from bench.platform.slots import BookingPool, Lesson, free_lessons, lessons_in

UTC = dt.UTC


def at(hour, minute):
    return dt.datetime(2027, 1, 4, hour, minute, tzinfo=UTC)
"""

LESSONS_ON_THE_GRID = """
assert lessons_in(at(9, 5), at(10, 50)) == [
    (at(9, 15), at(9, 45)), (at(9, 45), at(10, 15)), (at(10, 15), at(10, 45)),
]
assert lessons_in(at(9, 0), at(9, 29)) == []
"""

LESSONS_DEALT_BY_TUTOR = """
def slot(start, end):
    return {"start": f"2027-01-04T{start}:00+00:00", "end": f"2027-01-04T{end}:00+00:00"}

answers = {
    None: {"pageInfo": {"hasNextPage": True, "endCursor": "c1"},
           "edges": [{"node": {"id": "tutor-0001", "availability": [slot("09:00", "10:30")]}}]},
    "c1": {"pageInfo": {"hasNextPage": False, "endCursor": "c2"},
           "edges": [{"node": {"id": "tutor-0002", "availability": [slot("09:00", "10:00")]}}]},
}
windows = []

def ask(query, variables):
    windows.append((variables["from"], variables["to"]))
    return {"tutors": answers[variables["after"]]}

lessons = free_lessons(ask, now=dt.datetime(2027, 1, 1, 15, tzinfo=UTC), weeks=1)
assert windows == [("2027-01-03T00:00:00Z", "2027-01-10T00:00:00Z")] * 2, windows
assert [(x.tutor_id, x.start.strftime("%H:%M")) for x in lessons] == [
    ("tutor-0001", "09:00"), ("tutor-0002", "09:00"), ("tutor-0001", "09:30"),
    ("tutor-0002", "09:30"), ("tutor-0001", "10:00"),
], lessons
"""

EACH_LESSON_ONCE = """
lessons = [Lesson(tutor_id=f"tutor-{n:04d}", start=at(9, 0), end=at(9, 30)) for n in (1, 2, 3)]
pool = BookingPool(lessons, tokens=["a", "b"])
assert [line.token for line in pool.take(1)] == ["a"]
rest = [json.loads(line.body)["variables"]["input"]["tutorId"] for line in pool.rest()]
assert rest == ["tutor-0002", "tutor-0003"], rest
pool.used(1)
assert pool.remaining == 1
(last,) = pool.take(5)
body = json.loads(last.body)
assert body["query"] == BOOK
assert body["variables"]["input"] == {
    "tutorId": "tutor-0003", "start": "2027-01-04T09:00:00Z", "end": "2027-01-04T09:30:00Z",
}, body
assert last.token == "a"
assert pool.take(1) == []
"""

READ_ONLY_FLOWS_CYCLE = """
flow = cycling("sign-in", "sign in", "", sign_in_lines(), distinct=3)
assert len({line.body for line in flow.for_load()}) == 3
body = json.loads(flow.take(1)[0].body)
assert body["query"] == SIGN_IN
assert body["variables"]["email"].endswith("@example.com")
start, end = profile_window(dt.datetime(2027, 1, 6, 12, tzinfo=UTC))  # a Wednesday
assert (start, end) == (dt.datetime(2027, 1, 11, tzinfo=UTC), dt.datetime(2027, 1, 18, tzinfo=UTC))
"""

COSTS_PER_REQUEST = """
def metrics(queries, fetches):
    return {
        "http://s/metrics": "# TYPE subgraph_store_queries_total counter\\n"
        f'subgraph_store_queries_total{{store="postgresql"}} {queries}.0\\n',
        "http://g/metrics": "# TYPE gateway_subgraph_fetch_duration_seconds histogram\\n"
        f'gateway_subgraph_fetch_duration_seconds_count{{subgraph="accounts"}} {fetches}.0\\n'
        'gateway_subgraph_fetch_duration_seconds_sum{subgraph="accounts"} 0.5\\n',
    }

before = snapshot("http://g", {"accounts": "http://s"}, read=metrics(10, 4).__getitem__)
after = snapshot("http://g", {"accounts": "http://s"}, read=metrics(40, 24).__getitem__)
costs = Costs.between(before, after, requests=10)
assert costs.queries == {("accounts", "postgresql"): 3.0}, costs
assert costs.fetches == {"accounts": 2.0}, costs
assert (costs.by_store("postgresql"), costs.by_store("mongodb")) == (3.0, 0.0)
"""


@pytest.mark.parametrize(
    "checks",
    [
        LESSONS_ON_THE_GRID,
        LESSONS_DEALT_BY_TUTOR,
        EACH_LESSON_ONCE,
        READ_ONLY_FLOWS_CYCLE,
        COSTS_PER_REQUEST,
    ],
    ids=[
        "lessons start on the quarter hour and fit the free time",
        "free lessons are dealt one tutor after another",
        "the booking pool hands out each lesson once",
        "read-only flows cycle through distinct requests",
        "costs are the counters' difference per request",
    ],
)
def test_platform_bench_parts(checks: str) -> None:
    code = textwrap.dedent(COMMON) + textwrap.dedent(checks) + "\nprint('checked')\n"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "checked"
