"""Per-request DataLoaders: each turns N lookups into one store query (per parameter batch)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from strawberry.dataloader import DataLoader

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
        async def tutors(ids: Sequence[str]) -> list[TutorRecord | None]:
            found = await store.tutors_by_id(ids)
            return [found.get(i) for i in ids]

        async def subjects(ids: Sequence[str]) -> list[SubjectRecord | None]:
            found = await store.subjects_by_id(ids)
            return [found.get(i) for i in ids]

        async def teachings(ids: Sequence[str]) -> list[tuple[Teaching, ...]]:
            found = await store.teachings_by_tutor(ids)
            return [found.get(i, ()) for i in ids]

        async def related(ids: Sequence[str]) -> list[tuple[SubjectRecord, ...]]:
            found = await store.neighbours("related", ids)
            return [found.get(i, ()) for i in ids]

        async def prerequisites(ids: Sequence[str]) -> list[tuple[SubjectRecord, ...]]:
            found = await store.neighbours("prerequisites", ids)
            return [found.get(i, ()) for i in ids]

        return cls(
            tutor=DataLoader(load_fn=tutors),
            subject=DataLoader(load_fn=subjects),
            teachings=DataLoader(load_fn=teachings),
            related=DataLoader(load_fn=related),
            prerequisites=DataLoader(load_fn=prerequisites),
        )
