"""What each resolver sees: the store, this request's loaders, the viewer and the clock.

Over WebSocket one context serves the whole connection (Strawberry builds it once per
connection), so subscriptions clear the loaders before each event.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from strawberry.types import Info

from shared.auth import Viewer
from subgraphs.scheduling.hub import EventHub
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
    # This process's change listener; None where nothing listens (schema-only tests).
    events: EventHub | None = None

    @classmethod
    def for_request(
        cls, store: Store, viewer: Viewer | None, clock: Clock, events: EventHub | None = None
    ) -> Context:
        return cls(store=store, loaders=Loaders(store), viewer=viewer, clock=clock, events=events)


SchedulingInfo = Info[Context, None]
