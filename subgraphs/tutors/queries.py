"""The Query root: tutors and subjects by id, tutor search, the subject list and matching."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from shared.subgraph import described
from shared.subgraph.arguments import bad_argument
from shared.subgraph.pagination import (
    DEFAULT_FIRST,
    Connection,
    check_first,
    connection,
    slice_after,
)
from subgraphs.tutors.context import TutorsInfo
from subgraphs.tutors.cursors import subject_cursor, subject_key
from subgraphs.tutors.model import Level, TutorFilterSpec
from subgraphs.tutors.types import Subject, Tutor, TutorMatch, tutor_connection
from subgraphs.tutors.validation import check_id, check_language, check_max_rate

__all__ = ["Query", "TutorFilter"]

_DEFAULT_MATCHES = 10


@strawberry.input(description="Tutor search criteria; every given criterion must hold.")
class TutorFilter:
    subject: strawberry.ID | None = None
    language: str | None = strawberry.field(default=None, description="ISO 639-1 code.")
    max_rate: Decimal | None = strawberry.field(
        default=None, description="Highest hourly rate amount, in the tutor's currency."
    )

    def to_spec(self) -> TutorFilterSpec:
        return TutorFilterSpec(
            subject_id=None if self.subject is None else check_id(self.subject, "filter.subject"),
            language=(
                None if self.language is None else check_language(self.language, "filter.language")
            ),
            max_rate=check_max_rate(self.max_rate, "filter.maxRate"),
        )


@strawberry.type
class Query:
    @strawberry.field
    async def tutor(self, info: TutorsInfo, id: strawberry.ID) -> Tutor | None:
        record = await info.context.loaders.tutor.load(str(id))
        return None if record is None else Tutor.from_record(record)

    @described.field("Tutors matching `filter`, ordered by id.")
    async def tutors(
        self,
        info: TutorsInfo,
        filter: TutorFilter | None = None,
        first: int = DEFAULT_FIRST,
        after: str | None = None,
    ) -> Connection[Tutor]:
        spec = TutorFilterSpec() if filter is None else filter.to_spec()
        return await tutor_connection(info, spec, first, after)

    @strawberry.field
    async def subject(self, info: TutorsInfo, id: strawberry.ID) -> Subject | None:
        record = await info.context.loaders.subject.load(str(id))
        return None if record is None else Subject.from_record(record)

    @described.field("The subjects of the skill graph, by name, then id.")
    async def subjects(
        self, info: TutorsInfo, first: int = DEFAULT_FIRST, after: str | None = None
    ) -> Connection[Subject]:
        limit = check_first(first)
        key = subject_key(after)
        records = await info.context.store.all_subjects()
        page = slice_after(records, first=limit, after=key, key=lambda r: (r.name, r.id))
        return connection(
            page.items,
            node=Subject.from_record,
            cursor=lambda r: subject_cursor(r.name, r.id),
            has_next_page=page.has_next_page,
            after=after,
            total_count=len(records),
        )

    @described.field(
        "Tutors of `subject` at `level` or above first, then tutors of subjects 1 to 3 hops "
        "away over related/prerequisite edges; ties go to the lower rate, then the lower id."
    )
    async def match_tutors(
        self,
        info: TutorsInfo,
        subject: strawberry.ID,
        level: Level | None = None,
        max_rate: Decimal | None = None,
        language: str | None = None,
        first: int = _DEFAULT_MATCHES,
    ) -> list[TutorMatch]:
        subject_id = check_id(subject, "subject")
        spec = TutorFilterSpec(
            language=None if language is None else check_language(language),
            max_rate=check_max_rate(max_rate),
        )
        limit = check_first(first)
        if await info.context.loaders.subject.load(subject_id) is None:
            raise bad_argument("subject", f"subject: unknown subject {subject_id!r}")
        matches = await info.context.store.match(subject_id, level or Level.BEGINNER, spec, limit)
        return [TutorMatch.from_record(match) for match in matches]
