"""Changes to stored reviews that later versions need, applied in order, each idempotent."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

__all__ = ["BACKFILLS", "Backfill"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Backfill:
    """Sets `values` on every document `missing` matches; once done, nothing matches again."""

    name: str
    missing: Mapping[str, Any]
    values: Mapping[str, Any]


BACKFILLS: Final = (
    # Reviews written before courses could be reviewed name only their tutor; every review now
    # holds both target fields, the one it is not about null.
    Backfill(
        name="course_id_on_tutor_reviews",
        missing={"courseId": {"$exists": False}},
        values={"courseId": None},
    ),
)
