"""The Mutation fields of the reviews subgraph: reviewing tutors and courses, deleting reviews."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import strawberry

from shared.auth import Viewer
from shared.errors import Forbidden, NotFound, Unauthenticated
from shared.subgraph import described
from subgraphs.reviews.model import NewReview
from subgraphs.reviews.types import Review, ReviewsInfo
from subgraphs.reviews.validation import (
    check_comment,
    check_course_id,
    check_rating,
    check_tutor_id,
    is_review_id,
)

__all__ = ["Mutation", "ReviewCourseInput", "SubmitReviewInput"]

ADMIN = "ADMIN"


@strawberry.input
class SubmitReviewInput:
    tutor_id: strawberry.ID
    rating: int = strawberry.field(description="Stars from 1 to 5.")
    comment: str = strawberry.field(description="1 to 2000 characters after trimming.")


@strawberry.input
class ReviewCourseInput:
    course_id: strawberry.ID
    rating: int = strawberry.field(description="Stars from 1 to 5.")
    comment: str = strawberry.field(description="1 to 2000 characters after trimming.")


def _signed_in(info: ReviewsInfo) -> Viewer:
    viewer = info.context.viewer
    if viewer is None:
        raise Unauthenticated("sign in to do this")
    return viewer


def new_review_id() -> str:
    return f"review-{uuid.uuid4().hex}"


@strawberry.type
class Mutation:
    @described.mutation(
        "Review a tutor as the signed-in user, who must have had a lesson with them (a "
        "confirmed booking that has ended): once per tutor.",
        authenticated=True,
    )
    async def submit_review(self, info: ReviewsInfo, input: SubmitReviewInput) -> Review:
        viewer = _signed_in(info)
        now = datetime.now(UTC)
        # Everything is checked before the single insert, so a refusal writes nothing.
        tutor_id = check_tutor_id(input.tutor_id)
        review = NewReview(
            id=new_review_id(),
            tutor_id=tutor_id,
            author_id=viewer.user_id,
            rating=check_rating(input.rating),
            comment=check_comment(input.comment),
            created_at=now,
        )
        if not await info.context.lessons.had_lesson(viewer, tutor_id, now):
            raise Forbidden(
                "only a student who has had a lesson with this tutor (a confirmed booking "
                "that has ended) may review them",
                tutorId=tutor_id,
            )
        # Once per tutor: the unique index on the author and target decides, races included.
        return Review.from_record(await info.context.store.insert(review))

    @described.mutation(
        "Review a course as the signed-in user, who must be enrolled in it and have completed "
        "at least one of its lessons: once per course.",
        authenticated=True,
    )
    async def review_course(self, info: ReviewsInfo, input: ReviewCourseInput) -> Review:
        viewer = _signed_in(info)
        # Everything is checked before the single insert, so a refusal writes nothing.
        course_id = check_course_id(input.course_id)
        review = NewReview(
            id=new_review_id(),
            course_id=course_id,
            author_id=viewer.user_id,
            rating=check_rating(input.rating),
            comment=check_comment(input.comment),
            created_at=datetime.now(UTC),
        )
        # Not enrolled (None) and enrolled without a completed lesson (0) are both refused.
        if not await info.context.enrollments.completed_lessons(viewer, course_id):
            raise Forbidden(
                "only a student enrolled in this course who has completed at least one of its "
                "lessons may review it",
                courseId=course_id,
            )
        # Once per course: the unique index on the author and target decides, races included.
        return Review.from_record(await info.context.store.insert(review))

    @described.mutation(
        "Delete a review: its author or an admin may. True once deleted; an unknown id is "
        "NOT_FOUND.",
        authenticated=True,
    )
    async def delete_review(self, info: ReviewsInfo, id: strawberry.ID) -> bool:
        viewer = _signed_in(info)
        record = await info.context.loaders.review.load(id) if is_review_id(id) else None
        if record is None:
            raise NotFound(f"no review with id {id!r}", id=id)
        if viewer.user_id != record.author_id and viewer.role != ADMIN:
            raise Forbidden("only the review's author or an admin may delete it")
        if not await info.context.store.delete(id):
            # Deleted by someone else since it was read: gone all the same, but not by us.
            raise NotFound(f"no review with id {id!r}", id=id)
        return True
