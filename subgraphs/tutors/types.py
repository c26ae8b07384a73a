"""The GraphQL object types of the tutors subgraph: Tutor, Subject, their connection and matches."""

from __future__ import annotations

import strawberry
from strawberry.federation.schema_directives import Key
from strawberry.federation.types import FieldSet

from shared.subgraph import described
from shared.subgraph.money import Money
from shared.subgraph.pagination import DEFAULT_FIRST, Connection, check_first, connection
from subgraphs.tutors.context import TutorsInfo
from subgraphs.tutors.cursors import tutor_cursor, tutor_key
from subgraphs.tutors.model import (
    Level,
    MatchRecord,
    Page,
    SubjectRecord,
    TutorFilterSpec,
    TutorRecord,
)

__all__ = [
    "Subject",
    "SubjectLevel",
    "Tutor",
    "TutorMatch",
    "TutorSubject",
    "User",
    "tutor_connection",
]

SubjectLevel = strawberry.enum(
    Level,
    name="SubjectLevel",
    description="The highest level a tutor teaches a subject at, from BEGINNER to EXPERT.",
)


@strawberry.federation.type(keys=[Key(fields=FieldSet("id"), resolvable=False)])
class User:
    """A user of the accounts subgraph, referenced by id only."""

    id: strawberry.ID


@strawberry.federation.type(keys=["id"], description="A tutor's public profile.")
class Tutor:
    id: strawberry.ID
    user: User
    headline: str
    bio: str
    hourly_rate: Money
    languages: list[str] = strawberry.field(description="ISO 639-1 codes the tutor teaches in.")

    @classmethod
    def from_record(cls, record: TutorRecord) -> Tutor:
        return cls(
            id=strawberry.ID(record.id),
            user=User(id=strawberry.ID(record.user_id)),
            headline=record.headline,
            bio=record.bio,
            hourly_rate=Money(amount=record.rate_amount, currency=record.rate_currency),
            languages=list(record.languages),
        )

    @classmethod
    async def resolve_reference(cls, info: TutorsInfo, id: strawberry.ID) -> Tutor | None:
        record = await info.context.loaders.tutor.load(str(id))
        return None if record is None else cls.from_record(record)

    @strawberry.field
    async def subjects(self, info: TutorsInfo) -> list[TutorSubject]:
        # Edges and subjects in one batch: every tutor of a list gets its subjects at the same
        # moment, so the subjects' own fields (related, prerequisites) batch together too.
        taught = await info.context.loaders.taught.load(str(self.id))
        return [TutorSubject(subject=Subject.from_record(t.subject), level=t.level) for t in taught]


@strawberry.type
class TutorSubject:
    subject: Subject
    level: Level


@strawberry.federation.type(keys=["id"], description="A subject in the skill graph.")
class Subject:
    id: strawberry.ID
    name: str
    category: str

    @classmethod
    def from_record(cls, record: SubjectRecord) -> Subject:
        return cls(id=strawberry.ID(record.id), name=record.name, category=record.category)

    @classmethod
    async def resolve_reference(cls, info: TutorsInfo, id: strawberry.ID) -> Subject | None:
        record = await info.context.loaders.subject.load(str(id))
        return None if record is None else cls.from_record(record)

    @described.field("Subjects that help with this one (RELATED_TO, either way).")
    async def related(self, info: TutorsInfo) -> list[Subject]:
        records = await info.context.loaders.related.load(str(self.id))
        return [Subject.from_record(r) for r in records]

    @described.field("Subjects to learn before this one (PREREQUISITE_OF).")
    async def prerequisites(self, info: TutorsInfo) -> list[Subject]:
        records = await info.context.loaders.prerequisites.load(str(self.id))
        return [Subject.from_record(r) for r in records]

    @described.field("Tutors who teach this subject, ordered by id.")
    async def tutors(
        self, info: TutorsInfo, first: int = DEFAULT_FIRST, after: str | None = None
    ) -> Connection[Tutor]:
        # Through a loader: a list of subjects asks the store once, not once per subject.
        key = (str(self.id), check_first(first), tutor_key(after))
        return _connection(await info.context.loaders.subject_tutors.load(key), after)


@strawberry.type(description="A tutor ranked by how close what they teach is to the request.")
class TutorMatch:
    tutor: Tutor
    distance: int = strawberry.field(
        description="Hops from the requested subject to matchedSubject (0 = the subject itself)."
    )
    matched_subject: Subject
    matched_level: Level

    @classmethod
    def from_record(cls, record: MatchRecord) -> TutorMatch:
        return cls(
            tutor=Tutor.from_record(record.tutor),
            distance=record.distance,
            matched_subject=Subject.from_record(record.subject),
            matched_level=record.level,
        )


async def tutor_connection(
    info: TutorsInfo, spec: TutorFilterSpec, first: int, after: str | None
) -> Connection[Tutor]:
    """One page of tutors matching `spec`, ordered by id, after the tutor `after` points at."""
    page = await info.context.store.tutor_page(spec, check_first(first), tutor_key(after))
    return _connection(page, after)


def _connection(page: Page, after: str | None) -> Connection[Tutor]:
    return connection(
        page.tutors,
        node=Tutor.from_record,
        cursor=lambda t: tutor_cursor(t.id),
        has_next_page=page.has_next_page,
        after=after,
        total_count=page.total_count,
    )
