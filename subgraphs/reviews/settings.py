"""The reviews subgraph's configuration, read from the environment once at startup."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from shared.subgraph.timeouts import StoreTimeouts

__all__ = ["DEFAULT_DATABASE", "DEFAULT_URL", "Settings"]

DEFAULT_URL = "mongodb://127.0.0.1:27017/?directConnection=true"
DEFAULT_DATABASE = "reviews"


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Where the MongoDB store answers, which database holds the reviews, how long to wait."""

    mongo_url: str = DEFAULT_URL
    database: str = DEFAULT_DATABASE
    # REVIEWS_MONGO_CONNECT_TIMEOUT_SECONDS, REVIEWS_MONGO_QUERY_TIMEOUT_SECONDS
    timeouts: StoreTimeouts = field(default_factory=StoreTimeouts)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        source = os.environ if env is None else env
        return cls(
            mongo_url=source.get("REVIEWS_MONGO_URL") or DEFAULT_URL,
            database=source.get("REVIEWS_MONGO_DATABASE") or DEFAULT_DATABASE,
            timeouts=StoreTimeouts.from_env("REVIEWS_MONGO", source),
        )
