"""What each resolver sees: the store, this request's loaders, the viewer, the clock and the
key that verifies payment receipts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from strawberry.types import Info

from shared.auth import Viewer
from subgraphs.learning.loaders import Loaders
from subgraphs.learning.store import Store

__all__ = ["Clock", "Context", "LearningInfo", "system_clock"]

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True, kw_only=True)
class Context:
    store: Store
    loaders: Loaders
    viewer: Viewer | None
    # Injected so tests decide when courses are created and students enroll.
    clock: Clock
    # The platform signing secret (`shared.signing.signing_secret`): receipts verify under it.
    receipt_secret: bytes

    @classmethod
    def for_request(
        cls, store: Store, viewer: Viewer | None, clock: Clock, receipt_secret: bytes
    ) -> Context:
        return cls(
            store=store,
            loaders=Loaders(store),
            viewer=viewer,
            clock=clock,
            receipt_secret=receipt_secret,
        )


LearningInfo = Info[Context, None]
