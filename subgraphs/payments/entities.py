"""The federation types of payments: Payment (owned here), and the money fields it adds to
Booking and Course (a checkout, priced from fields other subgraphs own, via `@requires`), to
Tutor (earnings and payouts) and to User (their payments).

A checkout's price comes from its owners through the gateway: a lesson's from the booking's
times (scheduling) and the tutor's hourly rate (tutors), a course's from its price (learning).
They arrive in the entity representation; `_facts` reads them, and anything missing or
malformed there is a clear error on the field, never a guess at a price.
"""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

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
from subgraphs.payments.external import owned_by
from subgraphs.payments.facts import (
    CourseFacts,
    FactsError,
    LessonFacts,
    course_facts,
    lesson_facts,
)
from subgraphs.payments.loaders import storable
from subgraphs.payments.model import Payment as PaymentRow
from subgraphs.payments.model import PaymentStatus, Purpose
from subgraphs.payments.money import lesson_price
from subgraphs.payments.ownership import (
    may_see_payment,
    require_payment_reader,
    require_viewer,
)
from subgraphs.payments.values import BookingStatus, Checkout, money

__all__ = ["Booking", "Course", "Payment", "User"]

_F = TypeVar("_F", LessonFacts, CourseFacts)
PAYMENT_CURSORS = TimestampCursors(kind="payment", is_id=lambda text: text.startswith("payment-"))


def _require_payer(info: PaymentsInfo, student_id: str) -> str:
    viewer = require_viewer(info.context.viewer)
    if viewer.user_id != student_id:
        raise Forbidden("only the student who pays may check out")
    return viewer.user_id


def _arrived(reference: strawberry.ID, facts: _F | FactsError | None, what: str) -> _F:
    """The facts a checkout is priced from; a clear BAD_USER_INPUT when they did not arrive
    (or name something no payment could be stored for)."""
    if not storable(str(reference)):
        raise BadUserInput("id is not one a payment could be made for")
    if facts is None:
        raise BadUserInput(f"{what} did not arrive (the checkout requires them)")
    if isinstance(facts, FactsError):
        raise BadUserInput(f"{what} arrived malformed: {facts}")
    return facts


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


@strawberry.federation.type(keys=["id"])
class Booking:
    id: strawberry.ID
    # Scheduling owns these; they come in the representation when `checkout` is asked for.
    start: datetime = owned_by("scheduling", datetime)
    end: datetime = owned_by("scheduling", datetime)
    status: BookingStatus = owned_by("scheduling", BookingStatus)
    student: User = owned_by("scheduling", User)
    tutor: Tutor = owned_by("scheduling", Tutor)
    # What the representation carried for `checkout`, or why it cannot be priced.
    facts: strawberry.Private[LessonFacts | FactsError | None] = None

    @classmethod
    def resolve_reference(
        cls,
        id: strawberry.ID,
        start: object = None,
        end: object = None,
        status: object = None,
        student: object = None,
        tutor: object = None,
    ) -> Booking:
        # Named, not **fields: the representation's id is then checked like any key field.
        fields = {
            "start": start,
            "end": end,
            "status": status,
            "student": student,
            "tutor": tutor,
        }
        try:
            facts: LessonFacts | FactsError = lesson_facts(fields)
        except FactsError as error:
            facts = error
        return cls(id=id, facts=facts)

    @described.field(
        description="The price of this lesson for its student to pay (the tutor's hourly rate "
        "for the booking's length), while it is PENDING_PAYMENT.",
        authenticated=True,
        requires="start end status student { id } tutor { id hourlyRate { amount currency } }",
    )
    def checkout(self, info: PaymentsInfo) -> Checkout:
        require_viewer(info.context.viewer)
        facts = _arrived(self.id, self.facts, "the booking's times and the tutor's rate")
        student = _require_payer(info, facts.student_id)
        if facts.status is not BookingStatus.PENDING_PAYMENT:
            raise BadUserInput(
                f"the booking is {facts.status.value}: only a booking pending payment is paid",
                code="NOT_PAYABLE",
            )
        token, quote = info.context.payments.quote(
            purpose=Purpose.BOOKING,
            reference=str(self.id),
            student_id=student,
            tutor_id=facts.tutor_id,
            amount=lesson_price(facts.hourly_rate, facts.minutes),
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


@strawberry.federation.type(keys=["id"])
class Course:
    id: strawberry.ID
    # Learning owns these; they come in the representation when `checkout` is asked for.
    price: Money = owned_by("learning", Money)
    published: bool = owned_by("learning", bool)
    tutor: Tutor = owned_by("learning", Tutor)
    # What the representation carried for `checkout`, or why it cannot be priced.
    facts: strawberry.Private[CourseFacts | FactsError | None] = None

    @classmethod
    def resolve_reference(
        cls, id: strawberry.ID, price: object = None, published: object = None, tutor: object = None
    ) -> Course:
        fields = {"price": price, "published": published, "tutor": tutor}
        try:
            facts: CourseFacts | FactsError = course_facts(fields)
        except FactsError as error:
            facts = error
        return cls(id=id, facts=facts)

    @described.field(
        description="The course's price for the signed-in student to pay, to enroll.",
        authenticated=True,
        requires="price { amount currency } published tutor { id }",
    )
    def checkout(self, info: PaymentsInfo) -> Checkout:
        viewer = require_viewer(info.context.viewer)
        facts = _arrived(self.id, self.facts, "the course's price")
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
