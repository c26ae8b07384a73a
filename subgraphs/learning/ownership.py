"""Who may do what: the tutor-N ↔ user-N convention and the permission checks built on it."""

from __future__ import annotations

from shared.auth import Viewer
from shared.errors import Forbidden, Unauthenticated
from shared.identity import tutor_of_user
from shared.subgraph.arguments import bad_argument
from subgraphs.learning.model import Course, Enrollment

__all__ = [
    "ADMIN",
    "author_of_new_course",
    "is_admin",
    "may_see_course",
    "may_see_enrollment",
    "require_author",
    "require_enrollments_reader",
    "require_viewer",
    "tutor_of_user",
]

ADMIN = "ADMIN"
TUTOR = "TUTOR"


def is_admin(viewer: Viewer | None) -> bool:
    return viewer is not None and viewer.role == ADMIN


def require_viewer(viewer: Viewer | None) -> Viewer:
    if viewer is None:
        raise Unauthenticated("sign in first")
    return viewer


def _authors(viewer: Viewer | None, course: Course) -> bool:
    return viewer is not None and tutor_of_user(viewer.user_id) == course.tutor_id


def may_see_course(viewer: Viewer | None, course: Course) -> bool:
    """A published course is everyone's to see; a draft only its author's and admins'."""
    return course.published or is_admin(viewer) or _authors(viewer, course)


def require_author(viewer: Viewer | None, course: Course) -> Viewer:
    """Only the course's author (tutor-N is user-N) or an admin may change it."""
    signed_in = require_viewer(viewer)
    if not (is_admin(signed_in) or _authors(signed_in, course)):
        raise Forbidden("only the course's author or an admin may change this course")
    return signed_in


def may_see_enrollment(viewer: Viewer | None, enrollment: Enrollment, course: Course) -> bool:
    """An enrollment is visible to its student, the course's author and admins."""
    return viewer is not None and (
        is_admin(viewer) or viewer.user_id == enrollment.student_id or _authors(viewer, course)
    )


def require_enrollments_reader(viewer: Viewer | None, user_id: str) -> Viewer:
    """A user's enrollments are visible to that user and to admins."""
    signed_in = require_viewer(viewer)
    if not is_admin(signed_in) and signed_in.user_id != user_id:
        raise Forbidden("you may only read your own enrollments")
    return signed_in


def author_of_new_course(viewer: Viewer | None, tutor_id: str | None) -> str:
    """The tutor a new course belongs to: the viewer's own profile, or the one an admin names
    (`input.tutorId`, which an admin must give)."""
    signed_in = require_viewer(viewer)
    if is_admin(signed_in):
        if tutor_id is None:
            raise bad_argument("input.tutorId", "input.tutorId is required when an admin creates")
        return tutor_id
    own = tutor_of_user(signed_in.user_id)
    if signed_in.role != TUTOR or own is None:
        raise Forbidden("only tutors and admins create courses")
    if tutor_id is not None and tutor_id != own:
        raise Forbidden("a tutor creates courses only for their own tutor profile")
    return own
