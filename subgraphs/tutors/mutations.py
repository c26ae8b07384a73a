"""The Mutation root: create and update a tutor profile, replace the subjects a tutor teaches.

Every check runs before the one write statement: the local store has no rollback.
"""

from __future__ import annotations

import strawberry

from shared.auth import Viewer
from shared.errors import Conflict, Forbidden, NotFound, Unauthenticated
from shared.subgraph import described
from shared.subgraph.arguments import bad_argument
from shared.subgraph.money import MoneyInput
from subgraphs.tutors.context import TutorsInfo
from subgraphs.tutors.model import Level, ProfileChanges, Teaching, TutorRecord
from subgraphs.tutors.types import Tutor
from subgraphs.tutors.validation import (
    MAX_SUBJECTS,
    check_bio,
    check_currency,
    check_headline,
    check_id,
    check_languages,
    check_rate_amount,
)

__all__ = [
    "CreateTutorProfileInput",
    "MoneyInput",
    "Mutation",
    "TutorSubjectInput",
    "UpdateTutorProfileInput",
]


@strawberry.input
class CreateTutorProfileInput:
    headline: str
    bio: str
    hourly_rate: MoneyInput
    languages: list[str]


@strawberry.input(description="Fields left out (or null) keep their current value.")
class UpdateTutorProfileInput:
    tutor_id: strawberry.ID
    headline: str | None = None
    bio: str | None = None
    hourly_rate: MoneyInput | None = None
    languages: list[str] | None = None


@strawberry.input
class TutorSubjectInput:
    subject_id: strawberry.ID
    level: Level


def _signed_in(info: TutorsInfo) -> Viewer:
    if info.context.viewer is None:
        raise Unauthenticated("sign in first")
    return info.context.viewer


def _tutor_id_for(user_id: str) -> str:
    # tutor-N belongs to user-N, as in the seed universe.
    return "tutor-" + user_id.removeprefix("user-")


async def _owned_tutor(info: TutorsInfo, tutor_id: str, argument: str) -> TutorRecord:
    """The tutor `tutor_id` if the viewer owns it or is an admin."""
    viewer = _signed_in(info)
    record = await info.context.loaders.tutor.load(check_id(tutor_id, argument))
    if record is None:
        raise bad_argument(argument, f"{argument}: unknown tutor {tutor_id[:40]!r}")
    if record.user_id != viewer.user_id and viewer.role != "ADMIN":
        raise Forbidden("only the tutor themself or an admin may change this profile")
    return record


async def _reloaded(info: TutorsInfo, tutor_id: str) -> Tutor:
    found = await info.context.store.tutors_by_id([tutor_id])
    if tutor_id not in found:
        raise NotFound(f"tutor {tutor_id!r} no longer exists", id=tutor_id)
    return Tutor.from_record(found[tutor_id])


# Checked at the gateway from the token's scopes (see shared.auth.ROLE_SCOPES); the resolvers
# still check ownership themselves.
TUTOR_OR_ADMIN = [["tutor"], ["admin"]]


@strawberry.type
class Mutation:
    @described.mutation(
        "Create the signed-in tutor's own profile (role TUTOR, one per user).",
        requires_scopes=[["tutor"]],
    )
    async def create_tutor_profile(self, info: TutorsInfo, input: CreateTutorProfileInput) -> Tutor:
        viewer = _signed_in(info)
        if viewer.role != "TUTOR":
            raise Forbidden("only users with the TUTOR role can create a tutor profile")
        record = TutorRecord(
            id=_tutor_id_for(viewer.user_id),
            user_id=viewer.user_id,
            headline=check_headline(input.headline),
            bio=check_bio(input.bio),
            rate_amount=check_rate_amount(input.hourly_rate.amount),
            rate_currency=check_currency(input.hourly_rate.currency),
            languages=check_languages(input.languages),
        )
        if not await info.context.store.create_tutor(record):
            raise Conflict(f"user {viewer.user_id!r} already has a tutor profile")
        return Tutor.from_record(record)

    @described.mutation(
        "Change a profile's texts, rate or languages (its owner or an admin).",
        requires_scopes=TUTOR_OR_ADMIN,
    )
    async def update_tutor_profile(self, info: TutorsInfo, input: UpdateTutorProfileInput) -> Tutor:
        _signed_in(info)
        rate = input.hourly_rate
        changes = ProfileChanges(
            headline=None if input.headline is None else check_headline(input.headline),
            bio=None if input.bio is None else check_bio(input.bio),
            rate_amount=None if rate is None else check_rate_amount(rate.amount),
            rate_currency=None if rate is None else check_currency(rate.currency),
            languages=None if input.languages is None else check_languages(input.languages),
        )
        record = await _owned_tutor(info, input.tutor_id, "input.tutorId")
        await info.context.store.update_tutor(record.id, changes)
        return await _reloaded(info, record.id)

    @described.mutation(
        "Replace the subjects a tutor teaches (its owner or an admin).",
        requires_scopes=TUTOR_OR_ADMIN,
    )
    async def set_tutor_subjects(
        self, info: TutorsInfo, tutor_id: strawberry.ID, subjects: list[TutorSubjectInput]
    ) -> Tutor:
        _signed_in(info)
        if len(subjects) > MAX_SUBJECTS:
            raise bad_argument("subjects", f"subjects: a tutor teaches at most {MAX_SUBJECTS}")
        teachings = tuple(
            Teaching(subject_id=check_id(s.subject_id, f"subjects[{n}].subjectId"), level=s.level)
            for n, s in enumerate(subjects)
        )
        ids = [t.subject_id for t in teachings]
        if len(set(ids)) != len(ids):
            raise bad_argument("subjects", "subjects lists a subject twice")
        record = await _owned_tutor(info, tutor_id, "tutorId")
        known = await info.context.store.subjects_by_id(ids)
        unknown = sorted(set(ids) - known.keys())
        if unknown:
            raise bad_argument("subjects", f"subjects: unknown subjects {', '.join(unknown)}")
        await info.context.store.set_teachings(record.id, teachings)
        return await _reloaded(info, record.id)
