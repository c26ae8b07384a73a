"""Progressive `@override(label: "percent(N)")`: which labels a request runs with.

Each `percent(N)` label is switched on for about N% of requests, drawn independently per
request; the chosen set is part of the plan cache key, so each combination is planned once.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable

__all__ = ["ProgressiveOverride"]

_PERCENT = re.compile(r"^percent\((\d+(?:\.\d+)?)\)$")


class ProgressiveOverride:
    """Draws the active `percent(N)` labels of one request."""

    __slots__ = ("_always", "_random", "_sometimes")

    def __init__(self, labels: Iterable[str], *, rng: random.Random | None = None) -> None:
        always: set[str] = set()
        sometimes: list[tuple[str, float]] = []
        for label in sorted(set(labels)):
            match = _PERCENT.match(label)
            if match is None:
                continue  # a named label is switched on by configuration, never by chance
            share = float(match.group(1)) / 100
            if share >= 1:
                always.add(label)
            elif share > 0:
                sometimes.append((label, share))
        self._always = frozenset(always)
        self._sometimes = tuple(sometimes)
        self._random = rng or random.Random()

    def draw(self) -> frozenset[str]:
        if not self._sometimes:
            return self._always
        drawn = {label for label, share in self._sometimes if self._random.random() < share}
        return self._always | drawn if drawn else self._always
