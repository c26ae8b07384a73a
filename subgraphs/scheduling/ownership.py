"""Who may do what: the tutor-N ↔ user-N convention and the permission checks built on it."""

from __future__ import annotations

from shared.auth import Viewer
from shared.errors import Forbidden, Unauthenticated
from shared.identity import tutor_of_user
from shared.identity import user_of_tutor as _user_of_tutor
from shared.subgraph.arguments import bad_argument
from subgraphs.scheduling.model import Booking

__all__ = [
    "ADMIN",
    "may_read_booking",
    "require_booking_reader",
    "require_bookings_reader",
    "require_canceller",
    "require_tutor_owner",
    "require_viewer",
    "tutor_of_user",
    "user_of_tutor",
]

ADMIN = "ADMIN"


def user_of_tutor(tutor_id: str, argument: str = "tutorId") -> str:
    """The user whose tutor profile `tutor_id` is (tutor-N belongs to user-N)."""
    user = _user_of_tutor(tutor_id)
    if user is None:
        raise bad_argument(
            argument,
            f"{argument} {tutor_id[:40]!r} is not a tutor id (expected tutor-NNNN)",
        )
    return user


def require_viewer(viewer: Viewer | None) -> Viewer:
    if viewer is None:
        raise Unauthenticated("sign in first")
    return viewer


def require_tutor_owner(viewer: Viewer | None, tutor_id: str) -> Viewer:
    """The tutor's own user, or an admin, may change the tutor's availability."""
    signed_in = require_viewer(viewer)
    owner = user_of_tutor(tutor_id)
    if signed_in.role != ADMIN and signed_in.user_id != owner:
        raise Forbidden("only the tutor or an admin may change this tutor's availability")
    return signed_in


def require_canceller(viewer: Viewer | None, booking: Booking) -> Viewer:
    """Only the booking's student, or an admin, may cancel it."""
    signed_in = require_viewer(viewer)
    if signed_in.role != ADMIN and signed_in.user_id != booking.student_id:
        raise Forbidden("only the student who booked, or an admin, may cancel this booking")
    return signed_in


def may_read_booking(viewer: Viewer, *, tutor_id: str, student_id: str) -> bool:
    """A booking is visible to its student, its tutor's user and admins."""
    return (
        viewer.role == ADMIN
        or viewer.user_id == student_id
        or tutor_of_user(viewer.user_id) == tutor_id
    )


def require_booking_reader(viewer: Viewer | None, booking: Booking) -> Viewer:
    """A booking is visible to its student, its tutor's user and admins."""
    signed_in = require_viewer(viewer)
    if may_read_booking(signed_in, tutor_id=booking.tutor_id, student_id=booking.student_id):
        return signed_in
    raise Forbidden("this booking belongs to someone else")


def require_bookings_reader(viewer: Viewer | None, user_id: str) -> Viewer:
    """A user's bookings are visible to that user and to admins."""
    signed_in = require_viewer(viewer)
    if signed_in.role != ADMIN and signed_in.user_id != user_id:
        raise Forbidden("you may only list your own bookings")
    return signed_in
