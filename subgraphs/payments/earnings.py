"""What payments adds to Tutor: earnings and payouts, the tutor's and admins' alone."""

from __future__ import annotations

from datetime import datetime

import strawberry

from shared.errors import BadUserInput
from shared.subgraph import described
from shared.subgraph.money import Money
from subgraphs.payments.context import PaymentsInfo
from subgraphs.payments.external import owned_by
from subgraphs.payments.money import EXPONENTS
from subgraphs.payments.money import Money as Amount
from subgraphs.payments.ownership import require_money_reader
from subgraphs.payments.store import Payout as PayoutRow
from subgraphs.payments.store import TutorLedger
from subgraphs.payments.values import money

__all__ = ["Earnings", "Payout", "Tutor"]


@strawberry.type(description="What a tutor has earned in one currency, and what is owed.")
class Earnings:
    currency: str
    earned: Money = strawberry.field(
        description="The tutor's share of every paid lesson and course, less refunds."
    )
    paid_out: Money
    balance: Money = strawberry.field(description="What the platform owes the tutor now.")

    @classmethod
    def of(cls, ledger: TutorLedger) -> Earnings:
        return cls(
            currency=ledger.earned.currency,
            earned=money(ledger.earned),
            paid_out=money(ledger.paid_out),
            balance=money(ledger.balance),
        )


@strawberry.type(description="Money paid out to a tutor from their balance.")
class Payout:
    id: strawberry.ID
    amount: Money
    created_at: datetime

    @classmethod
    def of(cls, row: PayoutRow) -> Payout:
        return cls(
            id=strawberry.ID(row.reference), amount=money(row.amount), created_at=row.created_at
        )


@strawberry.federation.type(keys=["id"])
class Tutor:
    id: strawberry.ID
    # Declared for the checkout's @requires: tutors owns it; this subgraph never resolves it.
    hourly_rate: Money = owned_by("tutors", Money)

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Tutor:
        return cls(id=id)

    @described.field(
        description="What the tutor earned, was paid out and is owed in `currency`. Only the "
        "tutor and admins.",
        requires_scopes=[["tutor"], ["admin"]],
    )
    async def earnings(self, info: PaymentsInfo, currency: str = "USD") -> Earnings:
        require_money_reader(info.context.viewer, str(self.id))
        if currency not in EXPONENTS:
            raise BadUserInput(f"currency {currency[:8]!r} is not one the platform takes")
        ledger = await info.context.loaders.ledger.load((str(self.id), currency))
        if ledger is None:  # an id the store could not hold: nothing earned
            nothing = Amount.zero(currency)
            ledger = TutorLedger(earned=nothing, paid_out=nothing)
        return Earnings.of(ledger)

    @described.field(
        description="The tutor's payouts, newest first. Only the tutor and admins.",
        requires_scopes=[["tutor"], ["admin"]],
    )
    async def payouts(self, info: PaymentsInfo) -> list[Payout]:
        require_money_reader(info.context.viewer, str(self.id))
        return [Payout.of(row) for row in await info.context.loaders.payouts.load(str(self.id))]
