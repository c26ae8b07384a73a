"""Per-request DataLoaders: each turns N lookups into one store query (per parameter batch)."""

from __future__ import annotations

from dataclasses import dataclass

from strawberry.dataloader import DataLoader

from shared.subgraph.loaders import batched
from subgraphs.tutors.model import SubjectRecord, Teaching, TutorRecord
from subgraphs.tutors.store import TutorStore

__all__ = ["Loaders"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Loaders:
    tutor: DataLoader[str, TutorRecord | None]
    subject: DataLoader[str, SubjectRecord | None]
    teachings: DataLoader[str, tuple[Teaching, ...]]
    related: DataLoader[str, tuple[SubjectRecord, ...]]
    prerequisites: DataLoader[str, tuple[SubjectRecord, ...]]

    @classmethod
    def for_store(cls, store: TutorStore) -> Loaders:
        async def related(ids: list[str]) -> dict[str, tuple[SubjectRecord, ...]]:
            return await store.neighbours("related", ids)

        async def prerequisites(ids: list[str]) -> dict[str, tuple[SubjectRecord, ...]]:
            return await store.neighbours("prerequisites", ids)

        return cls(
            tutor=batched(store.tutors_by_id, missing=None),
            subject=batched(store.subjects_by_id, missing=None),
            teachings=batched(store.teachings_by_tutor, missing=()),
            related=batched(related, missing=()),
            prerequisites=batched(prerequisites, missing=()),
        )
