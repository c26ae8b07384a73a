"""What each resolver sees: the store, this request's loaders, the viewer and the clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from strawberry.types import Info

from shared.auth import Viewer
from subgraphs.scheduling.loaders import Loaders
from subgraphs.scheduling.store import Store

__all__ = ["Clock", "Context", "SchedulingInfo", "system_clock"]

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True, kw_only=True)
class Context:
    store: Store
    loaders: Loaders
    viewer: Viewer | None
    # Injected so tests can decide what "in the future" means for bookLesson.
    clock: Clock

    @classmethod
    def for_request(cls, store: Store, viewer: Viewer | None, clock: Clock) -> Context:
        return cls(store=store, loaders=Loaders(store), viewer=viewer, clock=clock)


SchedulingInfo = Info[Context, None]
