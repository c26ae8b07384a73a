"""Per-request DataLoaders: each turns N lookups into one store query (per parameter batch)."""

from __future__ import annotations

from dataclasses import dataclass

from strawberry.dataloader import DataLoader

from shared.subgraph.loaders import batched, grouped
from subgraphs.tutors.model import Page, SubjectRecord, TaughtSubject, TutorRecord
from subgraphs.tutors.store import TutorStore

__all__ = ["Loaders", "SubjectTutorsKey"]

# (subject id, first, after): one page of a subject's teachers.
SubjectTutorsKey = tuple[str, int, str | None]
_NO_TUTORS = Page(tutors=(), has_next_page=False, total_count=0)


@dataclass(frozen=True, slots=True, kw_only=True)
class Loaders:
    tutor: DataLoader[str, TutorRecord | None]
    subject: DataLoader[str, SubjectRecord | None]
    taught: DataLoader[str, tuple[TaughtSubject, ...]]
    related: DataLoader[str, tuple[SubjectRecord, ...]]
    prerequisites: DataLoader[str, tuple[SubjectRecord, ...]]
    subject_tutors: DataLoader[SubjectTutorsKey, Page]

    @classmethod
    def for_store(cls, store: TutorStore) -> Loaders:
        async def related(ids: list[str]) -> dict[str, tuple[SubjectRecord, ...]]:
            return await store.neighbours("related", ids)

        async def prerequisites(ids: list[str]) -> dict[str, tuple[SubjectRecord, ...]]:
            return await store.neighbours("prerequisites", ids)

        async def subject_tutors(
            page: tuple[int, str | None], subject_ids: list[str]
        ) -> dict[str, Page]:
            first, after = page
            return await store.subject_tutor_pages(subject_ids, first, after)

        def split(key: SubjectTutorsKey) -> tuple[tuple[int, str | None], str]:
            subject_id, first, after = key
            return (first, after), subject_id

        return cls(
            tutor=batched(store.tutors_by_id, missing=None),
            subject=batched(store.subjects_by_id, missing=None),
            taught=batched(store.subjects_taught, missing=()),
            related=batched(related, missing=()),
            prerequisites=batched(prerequisites, missing=()),
            # Subjects asking for the same page share one query (`Subject.tutors` of a list).
            subject_tutors=grouped(subject_tutors, split=split, missing=_NO_TUTORS),
        )
