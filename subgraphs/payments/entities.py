"""The federation types of payments: Payment (owned here), and the money fields it adds to
Booking and Course (a checkout, priced from fields other subgraphs own, via `@requires`), to
Tutor (earnings and payouts) and to User (their payments).

A checkout's price comes from its owners through the gateway: a lesson's from the booking's
times (scheduling) and the tutor's hourly rate (tutors), a course's from its price (learning).
They arrive in the entity representation; `_facts` reads them, and anything missing or
malformed there is a clear error on the field, never a guess at a price.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import strawberry

from shared.errors import BadUserInput, Forbidden
from shared.identity import user_of_tutor
from shared.subgraph import described
from shared.subgraph.money import Money
from shared.subgraph.pagination import (
    DEFAULT_FIRST,
    Connection,
    TimestampCursors,
    check_first,
    connection,
    slice_after,
)
from subgraphs.payments.context import PaymentsInfo
from subgraphs.payments.earnings import Tutor
from subgraphs.payments.model import Payment as PaymentRow
from subgraphs.payments.model import PaymentStatus, Purpose
from subgraphs.payments.money import Money as Amount
from subgraphs.payments.money import lesson_price
from subgraphs.payments.ownership import (
    may_see_payment,
    require_payment_reader,
    require_viewer,
)
from subgraphs.payments.values import BookingStatus, Checkout, amount_of, id_of, money

__all__ = ["Booking", "Course", "Payment", "User"]

PAYMENT_CURSORS = TimestampCursors(kind="payment", is_id=lambda text: text.startswith("payment-"))


def _require_payer(info: PaymentsInfo, student_id: str) -> str:
    viewer = require_viewer(info.context.viewer)
    if viewer.user_id != student_id:
        raise Forbidden("only the student who pays may check out")
    return viewer.user_id


# Stubs of entities owned elsewhere carry no description: the owner's description wins.
@strawberry.federation.type(keys=["id"])
class User:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> User:
        return cls(id=id)

    @described.field(
        description="Payments this user made as a student, oldest first. Only the user "
        "themself and admins may read them.",
        authenticated=True,
    )
    async def payments(
        self, info: PaymentsInfo, first: int = DEFAULT_FIRST, after: str | None = None
    ) -> Connection[Payment]:
        viewer = require_viewer(info.context.viewer)
        if viewer.role != "ADMIN" and viewer.user_id != str(self.id):
            raise Forbidden("only the user and admins may see the user's payments")
        limit = check_first(first)
        key = None if after is None else PAYMENT_CURSORS.decode(after)
        rows = await info.context.loaders.student_payments.load(str(self.id))
        page = slice_after(rows, first=limit, after=key, key=lambda p: (p.created_at, p.id))
        return connection(
            page.items,
            node=Payment.of,
            cursor=lambda p: PAYMENT_CURSORS.encode(p.created_at, p.id),
            has_next_page=page.has_next_page,
            after=after,
            total_count=len(rows),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class _LessonFacts:
    start: datetime
    end: datetime
    status: BookingStatus
    student_id: str
    tutor_id: str
    hourly_rate: Amount


@strawberry.federation.type(keys=["id"])
class Booking:
    id: strawberry.ID
    # Scheduling owns these; they come in the representation when `checkout` is asked for.
    start: datetime = strawberry.federation.field(external=True, default=strawberry.UNSET)
    end: datetime = strawberry.federation.field(external=True, default=strawberry.UNSET)
    status: BookingStatus = strawberry.federation.field(external=True, default=strawberry.UNSET)
    student: User = strawberry.federation.field(external=True, default=strawberry.UNSET)
    tutor: Tutor = strawberry.federation.field(external=True, default=strawberry.UNSET)
    facts: strawberry.Private[_LessonFacts | None] = None

    @classmethod
    def resolve_reference(cls, id: strawberry.ID, **fields: Any) -> Booking:
        try:
            facts: _LessonFacts | None = _LessonFacts(
                start=datetime.fromisoformat(fields["start"]),
                end=datetime.fromisoformat(fields["end"]),
                status=BookingStatus(fields["status"]),
                student_id=id_of(fields["student"]),
                tutor_id=id_of(fields["tutor"]),
                hourly_rate=amount_of(fields["tutor"]["hourlyRate"]),
            )
        except (KeyError, TypeError, ValueError):
            facts = None
        return cls(id=id, facts=facts)

    @described.field(
        description="The price of this lesson for its student to pay (the tutor's hourly rate "
        "for the booking's length), while it is PENDING_PAYMENT.",
        authenticated=True,
        requires="start end status student { id } tutor { id hourlyRate { amount currency } }",
    )
    def checkout(self, info: PaymentsInfo) -> Checkout:
        facts = self.facts
        if facts is None:
            raise BadUserInput("the booking's times and the tutor's rate did not arrive")
        student = _require_payer(info, facts.student_id)
        if facts.status is not BookingStatus.PENDING_PAYMENT:
            raise BadUserInput(
                f"the booking is {facts.status.value}: only a booking pending payment is paid",
                code="NOT_PAYABLE",
            )
        minutes = int((facts.end - facts.start).total_seconds() // 60)
        token, quote = info.context.payments.quote(
            purpose=Purpose.BOOKING,
            reference=str(self.id),
            student_id=student,
            tutor_id=facts.tutor_id,
            amount=lesson_price(facts.hourly_rate, minutes),
        )
        return Checkout.of(info, token, quote)

    @described.field(
        description="The booking's latest payment, for its student, its tutor and admins; null "
        "when it was never paid for.",
        authenticated=True,
    )
    async def payment(self, info: PaymentsInfo) -> Payment | None:
        found = await info.context.loaders.booking_payments.load(str(self.id))
        if not found:
            return None
        require_payment_reader(info.context.viewer, found[0])
        return Payment.of(found[0])


@dataclass(frozen=True, slots=True, kw_only=True)
class _CourseFacts:
    price: Amount
    published: bool
    tutor_id: str


@strawberry.federation.type(keys=["id"])
class Course:
    id: strawberry.ID
    # Learning owns these; they come in the representation when `checkout` is asked for.
    price: Money = strawberry.federation.field(external=True, default=strawberry.UNSET)
    published: bool = strawberry.federation.field(external=True, default=strawberry.UNSET)
    tutor: Tutor = strawberry.federation.field(external=True, default=strawberry.UNSET)
    facts: strawberry.Private[_CourseFacts | None] = None

    @classmethod
    def resolve_reference(cls, id: strawberry.ID, **fields: Any) -> Course:
        try:
            published = fields["published"]
            if not isinstance(published, bool):
                raise TypeError("published is not a boolean")
            facts: _CourseFacts | None = _CourseFacts(
                price=amount_of(fields["price"]),
                published=published,
                tutor_id=id_of(fields["tutor"]),
            )
        except (KeyError, TypeError, ValueError):
            facts = None
        return cls(id=id, facts=facts)

    @described.field(
        description="The course's price for the signed-in student to pay, to enroll.",
        authenticated=True,
        requires="price { amount currency } published tutor { id }",
    )
    def checkout(self, info: PaymentsInfo) -> Checkout:
        facts = self.facts
        if facts is None:
            raise BadUserInput("the course's price did not arrive")
        viewer = require_viewer(info.context.viewer)
        if not facts.published:
            raise BadUserInput("the course is not published", code="NOT_PAYABLE")
        if viewer.user_id == user_of_tutor(facts.tutor_id):
            raise BadUserInput("this is your own course", code="NOT_PAYABLE")
        token, quote = info.context.payments.quote(
            purpose=Purpose.ENROLLMENT,
            reference=str(self.id),
            student_id=viewer.user_id,
            tutor_id=facts.tutor_id,
            amount=facts.price,
        )
        return Checkout.of(info, token, quote)


@strawberry.federation.type(keys=["id"], description="A payment for a lesson or a course.")
class Payment:
    id: strawberry.ID
    purpose: Purpose
    status: PaymentStatus
    amount: Money
    commission: Money = strawberry.field(description="The platform's share of the amount.")
    tutor_payout: Money = strawberry.field(description="The tutor's share of the amount.")
    created_at: datetime
    row: strawberry.Private[PaymentRow]

    @classmethod
    def of(cls, row: PaymentRow) -> Payment:
        return cls(
            id=strawberry.ID(row.id),
            purpose=row.purpose,
            status=row.status,
            amount=money(row.amount),
            commission=money(row.commission),
            tutor_payout=money(row.amount - row.commission),
            created_at=row.created_at,
            row=row,
        )

    @classmethod
    async def resolve_reference(cls, info: PaymentsInfo, id: strawberry.ID) -> Payment | None:
        row = await info.context.loaders.payment.load(str(id))
        if row is None or not may_see_payment(info.context.viewer, row):
            return None
        return cls.of(row)

    @described.field(description="The booking paid for; null for a course.")
    def booking(self) -> Booking | None:
        if self.row.purpose is not Purpose.BOOKING:
            return None
        return Booking(id=strawberry.ID(self.row.reference))

    @described.field(description="The course paid for; null for a lesson.")
    def course(self) -> Course | None:
        if self.row.purpose is not Purpose.ENROLLMENT:
            return None
        return Course(id=strawberry.ID(self.row.reference))

    @strawberry.field
    def student(self) -> User:
        return User(id=strawberry.ID(self.row.student_id))

    @strawberry.field
    def tutor(self) -> Tutor:
        return Tutor(id=strawberry.ID(self.row.tutor_id))

    @described.field(
        description="Once SUCCEEDED: the signed receipt, proof of payment for the subgraph that "
        "owns what was paid for (delivered to it already; shown to the student and admins)."
    )
    def receipt(self, info: PaymentsInfo) -> str | None:
        viewer = info.context.viewer
        if self.row.status is not PaymentStatus.SUCCEEDED or viewer is None:
            return None
        if viewer.role != "ADMIN" and viewer.user_id != self.row.student_id:
            return None
        return info.context.payments.receipt(self.row)
