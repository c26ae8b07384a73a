"""Root mutation fields: pay a checkout, refund a cancelled lesson by the policy, pay a tutor
out of their balance."""

from __future__ import annotations

import secrets
from decimal import Decimal

import strawberry

from shared.errors import BadUserInput
from shared.identity import user_of_tutor
from shared.subgraph import described
from shared.subgraph.arguments import bad_argument, parsed
from shared.subgraph.money import MoneyInput
from subgraphs.payments.context import PaymentsInfo
from subgraphs.payments.earnings import Payout
from subgraphs.payments.entities import Payment
from subgraphs.payments.ledger import LedgerError
from subgraphs.payments.money import Money as Amount
from subgraphs.payments.ownership import require_money_reader, require_viewer

__all__ = ["Mutation"]

_MAX_METHOD = 255


@strawberry.input(description="A checkout's quote and the card to charge it to.")
class PayInput:
    quote: str = strawberry.field(description="`checkout.quote` of a booking or a course.")
    payment_method: str = strawberry.field(
        description="The provider's payment method id (Stripe: pm_…, made by Stripe.js)."
    )


@strawberry.input(description="How much of a tutor's balance to pay out.")
class PayoutInput:
    tutor_id: strawberry.ID
    amount: MoneyInput


def _amount(value: MoneyInput) -> Amount:
    # The Decimal scalar hands over what it could not read (NaN, junk) for us to report.
    number: Decimal = parsed(value.amount, "input.amount.amount")
    try:
        amount = Amount.of(number, value.currency)
    except ValueError as error:
        raise bad_argument("input.amount", f"input.amount: {error}") from None
    if amount.minor <= 0:
        raise bad_argument("input.amount", "input.amount must be above 0")
    return amount


@strawberry.type
class Mutation:
    @described.mutation(
        description="Pays a checkout's quote with a payment method, as the student it was "
        "quoted for. Once paid, the booking confirms or the student enrolls (the receipt is "
        "delivered for them). A declined card is PAYMENT_DECLINED; something already paid for "
        "is ALREADY_PAID; a provider that does not answer leaves the payment PENDING.",
        authenticated=True,
    )
    async def pay(self, info: PaymentsInfo, input: PayInput) -> Payment:
        viewer = require_viewer(info.context.viewer)
        method = input.payment_method.strip()
        if not method or len(method) > _MAX_METHOD or not method.isascii():
            raise bad_argument("input.paymentMethod", "input.paymentMethod is not a payment method")
        paid = await info.context.payments.pay(input.quote, method, viewer.user_id)
        return Payment.of(paid)

    @described.mutation(
        description="Applies the cancellation policy to a cancelled, paid booking (scheduling "
        "sends the signed notice when it is cancelled): a full refund when cancelled at least "
        "24 hours before the start, none later. Idempotent; null when it was never paid."
    )
    async def refund_cancelled_booking(self, info: PaymentsInfo, notice: str) -> Payment | None:
        found = await info.context.payments.refund_cancelled_booking(notice)
        return None if found is None else Payment.of(found)

    @described.mutation(
        description="Pays `amount` out of a tutor's balance: the tutor or an admin. More than "
        "the balance is INSUFFICIENT_BALANCE.",
        requires_scopes=[["tutor"], ["admin"]],
    )
    async def request_payout(self, info: PaymentsInfo, input: PayoutInput) -> Payout:
        tutor = str(input.tutor_id)
        require_money_reader(info.context.viewer, tutor)
        if user_of_tutor(tutor) is None:
            raise bad_argument("input.tutorId", "input.tutorId must look like tutor-0001")
        amount = _amount(input.amount)
        reference = f"payout-{secrets.token_hex(8)}"
        try:
            paid = await info.context.store.pay_out(reference, tutor, amount)
        except LedgerError as error:
            raise BadUserInput(str(error), code="INSUFFICIENT_BALANCE") from None
        return Payout.of(paid)
