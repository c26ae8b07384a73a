"""The reviews subgraph's configuration, read from the environment once at startup.

As in every subgraph, the store's URL has no default: `REVIEWS_MONGO_URL` unset is a clear
refusal to start (`python -m subgraphs.reviews` exits 2 saying so), never a silent connection
to whatever answers on the default port. `task up` / `shared.launcher` set it for the local
stores they start.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from shared.subgraph.timeouts import StoreTimeouts

__all__ = [
    "DEFAULT_DATABASE",
    "DEFAULT_LEARNING_TIMEOUT",
    "DEFAULT_LEARNING_URL",
    "DEFAULT_SCHEDULING_TIMEOUT",
    "DEFAULT_SCHEDULING_URL",
    "Settings",
]

DEFAULT_DATABASE = "reviews"
# Where reviews asks whether a student had a lesson with a tutor (the scheduling subgraph).
DEFAULT_SCHEDULING_URL = "http://127.0.0.1:4004/graphql"
DEFAULT_SCHEDULING_TIMEOUT = 3.0
# Where reviews asks whether a student may review a course (the learning subgraph).
DEFAULT_LEARNING_URL = "http://127.0.0.1:4006/graphql"
DEFAULT_LEARNING_TIMEOUT = 3.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Where the MongoDB store answers, which database holds the reviews, how long to wait."""

    mongo_url: str  # REVIEWS_MONGO_URL
    database: str = DEFAULT_DATABASE
    # REVIEWS_MONGO_CONNECT_TIMEOUT_SECONDS, REVIEWS_MONGO_QUERY_TIMEOUT_SECONDS
    timeouts: StoreTimeouts = field(default_factory=StoreTimeouts)
    scheduling_url: str = DEFAULT_SCHEDULING_URL  # REVIEWS_SCHEDULING_URL
    scheduling_timeout: float = DEFAULT_SCHEDULING_TIMEOUT  # REVIEWS_SCHEDULING_TIMEOUT_SECONDS
    learning_url: str = DEFAULT_LEARNING_URL  # REVIEWS_LEARNING_URL
    learning_timeout: float = DEFAULT_LEARNING_TIMEOUT  # REVIEWS_LEARNING_TIMEOUT_SECONDS

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        source = os.environ if env is None else env
        return cls(
            mongo_url=_required_url(source),
            database=source.get("REVIEWS_MONGO_DATABASE") or DEFAULT_DATABASE,
            timeouts=StoreTimeouts.from_env("REVIEWS_MONGO", source),
            scheduling_url=source.get("REVIEWS_SCHEDULING_URL") or DEFAULT_SCHEDULING_URL,
            scheduling_timeout=_seconds(
                source, "REVIEWS_SCHEDULING_TIMEOUT_SECONDS", DEFAULT_SCHEDULING_TIMEOUT
            ),
            learning_url=source.get("REVIEWS_LEARNING_URL") or DEFAULT_LEARNING_URL,
            learning_timeout=_seconds(
                source, "REVIEWS_LEARNING_TIMEOUT_SECONDS", DEFAULT_LEARNING_TIMEOUT
            ),
        )


def _required_url(env: Mapping[str, str]) -> str:
    url = env.get("REVIEWS_MONGO_URL", "").strip()
    if not url:
        raise RuntimeError(
            "REVIEWS_MONGO_URL is not set (e.g. mongodb://127.0.0.1:27017/?directConnection=true)"
        )
    return url


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise RuntimeError(f"{name} must be a number of seconds, not {raw!r}") from None
    if not (math.isfinite(value) and value > 0):
        raise RuntimeError(f"{name} must be a positive number of seconds, not {raw!r}")
    return value
