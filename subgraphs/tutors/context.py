"""What each resolver sees: the store, this request's loaders and the signed-in viewer."""

from __future__ import annotations

from dataclasses import dataclass

from strawberry.types import Info

from shared.auth import Viewer
from subgraphs.tutors.loaders import Loaders
from subgraphs.tutors.store import TutorStore

__all__ = ["Context", "TutorsInfo"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Context:
    store: TutorStore
    loaders: Loaders
    viewer: Viewer | None

    @classmethod
    def for_request(cls, store: TutorStore, viewer: Viewer | None) -> Context:
        return cls(store=store, loaders=Loaders.for_store(store), viewer=viewer)


TutorsInfo = Info[Context, None]
