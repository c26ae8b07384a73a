"""Who may see and do what with money: a payment is its student's, its tutor's and admins'; a
tutor's earnings and payouts are that tutor's (tutor-N is user-N's) and admins'."""

from __future__ import annotations

from shared.auth import Viewer
from shared.errors import Forbidden, Unauthenticated
from shared.identity import user_of_tutor
from subgraphs.payments.model import Payment

__all__ = [
    "ADMIN",
    "may_see_payment",
    "require_admin",
    "require_money_reader",
    "require_payment_reader",
    "require_viewer",
]

ADMIN = "ADMIN"


def require_viewer(viewer: Viewer | None) -> Viewer:
    if viewer is None:
        raise Unauthenticated("sign in first")
    return viewer


def may_see_payment(viewer: Viewer | None, payment: Payment) -> bool:
    if viewer is None:
        return False
    return viewer.role == ADMIN or viewer.user_id in {
        payment.student_id,
        user_of_tutor(payment.tutor_id),
    }


def require_payment_reader(viewer: Viewer | None, payment: Payment) -> Viewer:
    signed_in = require_viewer(viewer)
    if not may_see_payment(signed_in, payment):
        raise Forbidden("only the payment's student, its tutor and admins may see it")
    return signed_in


def require_money_reader(viewer: Viewer | None, tutor_id: str) -> Viewer:
    """The tutor's own user or an admin: earnings and payouts are private."""
    signed_in = require_viewer(viewer)
    if signed_in.role != ADMIN and signed_in.user_id != user_of_tutor(tutor_id):
        raise Forbidden("only the tutor and admins may see or move the tutor's money")
    return signed_in


def require_admin(viewer: Viewer | None) -> Viewer:
    """Admins only (the gateway checks the scope too; this holds without it)."""
    signed_in = require_viewer(viewer)
    if signed_in.role != ADMIN:
        raise Forbidden("only admins may see this")
    return signed_in
