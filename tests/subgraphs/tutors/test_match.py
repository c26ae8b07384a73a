"""matchTutors against a ranking computed in Python from the seed (breadth-first distances)."""

from __future__ import annotations

from collections import deque
from typing import Any

import pytest

from subgraphs.tutors.catalog import PREREQUISITES, RELATED
from subgraphs.tutors.model import Level
from subgraphs.tutors.seed import profiles
from subgraphs.tutors.store import TutorStore
from tests.subgraphs.tutors.helpers import codes, data, run

pytestmark = pytest.mark.stores

MATCH = """
query ($subject: ID!, $level: SubjectLevel, $maxRate: Decimal, $language: String, $first: Int!) {
  matchTutors(subject: $subject, level: $level, maxRate: $maxRate, language: $language,
              first: $first) {
    distance matchedLevel matchedSubject { id } tutor { id hourlyRate { amount } }
  }
}
"""


def _distances(start: str, limit: int = 3) -> dict[str, int]:
    """Hops from `start` over related and prerequisite edges, either way, up to `limit`."""
    neighbours: dict[str, set[str]] = {}
    for a, b in (*RELATED, *PREREQUISITES):
        neighbours.setdefault(a, set()).add(b)
        neighbours.setdefault(b, set()).add(a)
    seen = {start: 0}
    queue = deque([start])
    while queue:
        here = queue.popleft()
        if seen[here] == limit:
            continue
        for there in sorted(neighbours.get(here, ())):
            if there not in seen:
                seen[there] = seen[here] + 1
                queue.append(there)
    return seen


def _expected(
    subject: str, level: Level, max_rate: float | None, language: str | None, first: int
) -> list[tuple[str, int, str, str]]:
    distance = _distances(subject)
    ranked = []
    for tutor, teachings in profiles():
        if max_rate is not None and tutor.rate_amount > max_rate:
            continue
        if language is not None and language not in tutor.languages:
            continue
        options = sorted(
            (distance[t.subject_id], -t.level.value, t.subject_id, t.level.name)
            for t in teachings
            if t.subject_id in distance and t.level.value >= level.value
        )
        if options:
            hops, _, subject_id, level_name = options[0]
            ranked.append(((hops, tutor.rate_amount, tutor.id), subject_id, level_name))
    ranked.sort()
    return [(key[2], key[0], sid, lvl) for key, sid, lvl in ranked[:first]]


def _got(result: dict[str, Any]) -> list[tuple[str, int, str, str]]:
    return [
        (m["tutor"]["id"], m["distance"], m["matchedSubject"]["id"], m["matchedLevel"])
        for m in result["matchTutors"]
    ]


@pytest.mark.parametrize(
    ("subject", "level", "max_rate", "language", "first"),
    [
        ("subject-calculus", Level.ADVANCED, None, None, 40),
        ("subject-calculus", Level.BEGINNER, None, None, 100),
        ("subject-discrete-mathematics", Level.EXPERT, None, None, 30),
        ("subject-spanish", Level.INTERMEDIATE, 95.0, "es", 25),
        ("subject-machine-learning", Level.BEGINNER, 45.5, None, 100),
        ("subject-violin", Level.ADVANCED, None, "de", 10),
    ],
)
async def test_match_ranks_exact_subject_then_nearby_ones(
    store: TutorStore,
    subject: str,
    level: Level,
    max_rate: float | None,
    language: str | None,
    first: int,
) -> None:
    variables = {
        "subject": subject,
        "level": level.name,
        "maxRate": max_rate,
        "language": language,
        "first": first,
    }
    got = _got(data(await run(store, MATCH, variables)))
    expected = _expected(subject, level, max_rate, language, first)
    assert got == expected
    assert any(hops == 0 for _, hops, _, _ in got)
    assert any(hops > 0 for _, hops, _, _ in got)


async def test_match_without_level_accepts_every_level(store: TutorStore) -> None:
    got = _got(data(await run(store, MATCH, {"subject": "subject-guitar", "first": 100})))
    assert got == _expected("subject-guitar", Level.BEGINNER, None, None, 100)
    assert max(hops for _, hops, _, _ in got) <= 3


async def test_match_reaches_at_most_three_hops(store: TutorStore) -> None:
    result = data(await run(store, MATCH, {"subject": "subject-arithmetic", "first": 100}))
    far = set(_distances("subject-arithmetic", limit=50)) - set(_distances("subject-arithmetic"))
    assert far, "the seed graph should have subjects more than three hops from arithmetic"
    assert not {m["matchedSubject"]["id"] for m in result["matchTutors"]} & far


@pytest.mark.parametrize(
    "variables",
    [
        {"subject": "subject-alchemy", "first": 5},
        {"subject": "subject-piano\x00x", "first": 5},
        {"subject": "subject-piano", "first": 101},
        {"subject": "subject-piano", "first": -2},
        {"subject": "subject-piano", "first": 5, "language": "xx"},
        {"subject": "subject-piano", "first": 5, "maxRate": -1},
    ],
)
async def test_match_bad_arguments_are_bad_user_input(
    store: TutorStore, variables: dict[str, object]
) -> None:
    result = await run(store, MATCH, variables)
    assert codes(result) == ["BAD_USER_INPUT"]
