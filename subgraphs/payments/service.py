"""Paying, and hearing back from the provider: the payments subgraph's use cases.

`pay` turns a signed quote into a payment: opened in the store (one live payment per booking or
enrollment), charged at the provider, settled in the store. The provider's webhooks settle the
same payments from the other side (`on_event`); either may come first, both end in one state,
since every settlement is a conditional move in the store. A provider that does not answer
leaves the payment PENDING rather than FAILED: the charge may have gone through, and marking it
failed would let a second attempt charge again; the webhook settles it.

Once paid, the payment's receipt goes to the subgraph that owns what it paid for (scheduling
confirms the booking, learning enrolls the student), right away and again from the sweep until
taken. When that subgraph answers that what was paid for cannot be had (CONFLICT: the booking
was cancelled before the payment arrived; NOT_FOUND: the booking or the published course is
gone; ALREADY_ENROLLED: the student paid for the course before), the payment is refunded in
full.

The cancellation policy for lessons: a paid booking cancelled at least 24 hours before its start
is refunded in full; one cancelled later is not refunded.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Protocol

from shared.errors import BadUserInput, Forbidden, NotFound, StoreUnavailable
from shared.receipts import Paid, Receipt, SignatureError, sign_receipt, verify_notice
from shared.subgraph.courier import Delivery, Outcome
from subgraphs.payments.model import Payment, PaymentStatus, Purpose
from subgraphs.payments.money import CommissionRate, Money
from subgraphs.payments.provider import PaymentDeclined, Provider, ProviderError, ProviderEvent
from subgraphs.payments.quotes import Quote, QuoteError, sign, verify
from subgraphs.payments.store import Settlement, Store

__all__ = [
    "FULL_REFUND_NOTICE",
    "MAX_CHARGE_MINOR",
    "QUOTE_LIFETIME",
    "Owners",
    "Payments",
    "new_payment_id",
]

log = logging.getLogger("subgraphs.payments.service")

# Cancelled at least this long before the lesson starts: refunded in full; later: not at all.
FULL_REFUND_NOTICE = timedelta(hours=24)
# How long a checkout's price may be paid.
QUOTE_LIFETIME = timedelta(minutes=15)
_SWEEP_BATCH = 100
# The most the provider charges at once (Stripe: eight digits of minor units).
MAX_CHARGE_MINOR = 99_999_999
# What the owner of what was paid for answers when it cannot be had: the booking was
# cancelled or is gone, the course is gone or unpublished, or the student is enrolled already.
_CANNOT_BE_HAD = frozenset({"CONFLICT", "NOT_FOUND", "ALREADY_ENROLLED"})


class Owners(Protocol):
    """Delivers a receipt to the subgraph that owns what the payment paid for."""

    async def deliver(self, purpose: Purpose, receipt: str) -> Delivery: ...


# The provider's events that settle a payment, and how.
_SETTLEMENTS = {
    "payment_intent.succeeded": Settlement.SUCCEED,
    "payment_intent.payment_failed": Settlement.FAIL,
    "charge.refunded": Settlement.REFUND,
}


def new_payment_id() -> str:
    return f"payment-{secrets.token_hex(8)}"


class Payments:
    def __init__(
        self,
        *,
        store: Store,
        provider: Provider,
        commission: CommissionRate,
        quote_secret: bytes,
        clock: Callable[[], datetime],
        new_id: Callable[[], str] = new_payment_id,
        owners: Owners | None = None,
    ) -> None:
        self._store = store
        self._provider = provider
        self._commission = commission
        self._secret = quote_secret
        self._clock = clock
        self._new_id = new_id
        self._owners = owners

    async def pay(self, quote_token: str, payment_method: str, payer_id: str) -> Payment:
        """Charges what the quote says to the payer's payment method."""
        try:
            quote = verify(quote_token, self._secret, self._clock())
        except QuoteError as error:
            raise BadUserInput(str(error), code="INVALID_QUOTE") from None
        if quote.student_id != payer_id:
            raise Forbidden("only the student it was quoted for may pay this")
        split = self._commission.split(quote.amount)
        payment = await self._store.open(
            Payment(
                id=self._new_id(),
                purpose=quote.purpose,
                reference=quote.reference,
                student_id=quote.student_id,
                tutor_id=quote.tutor_id,
                amount=quote.amount,
                commission=split.commission,
                status=PaymentStatus.PENDING,
                provider_id=None,
                created_at=self._clock(),
            )
        )
        try:
            intent = await self._provider.charge(payment, payment_method)
        except PaymentDeclined as declined:
            await self._store.fail(payment.id)
            raise BadUserInput(
                str(declined), code="PAYMENT_DECLINED", reason=declined.code
            ) from None
        except ProviderError as error:
            raise StoreUnavailable(f"{error}; the payment is pending", store="provider") from None
        await self._store.attach_provider(payment.id, intent.id)
        if intent.paid and await self._store.succeed(payment.id):
            await self.deliver_receipt(await self.payment(payment.id))
        return await self.payment(payment.id)

    async def refund(self, payment_id: str) -> Payment:
        """Gives the whole payment back (whether it may be is the caller's policy);
        NOT_REFUNDABLE unless it is paid and this call refunds it."""
        payment, refunded_now = await self._refund_once(payment_id)
        if not refunded_now:
            raise BadUserInput("only a paid payment can be refunded", code="NOT_REFUNDABLE")
        return payment

    async def _refund_once(self, payment_id: str) -> tuple[Payment, bool]:
        """Refunds the payment if it is paid, one refund at the provider however many ask at
        once; the payment as it then stands, and whether this call refunded it."""

        async def give_back(payment: Payment) -> None:
            try:
                await self._provider.refund(payment)
            except ProviderError as error:
                raise StoreUnavailable(str(error), store="provider") from None

        outcome = await self._store.refund_once(payment_id, give_back)
        if outcome is None:
            raise NotFound("no such payment")
        return outcome

    async def on_event(self, event: ProviderEvent) -> bool:
        """Acts on a verified webhook once; False when it was handled before or is not ours
        (events of other kinds are recorded and otherwise ignored)."""
        if event.payment_id is None:
            return False
        settlement = _SETTLEMENTS.get(event.type)
        handled = await self._store.handle_event(event.id, event.type, settlement, event.payment_id)
        if handled and settlement is Settlement.SUCCEED:
            found = (await self._store.payments_by_id([event.payment_id])).get(event.payment_id)
            if found is not None and found.status is PaymentStatus.SUCCEEDED:
                await self.deliver_receipt(found)
        return handled

    async def payment(self, payment_id: str) -> Payment:
        found = (await self._store.payments_by_id([payment_id])).get(payment_id)
        if found is None:
            raise NotFound("no such payment")
        return found

    def quote(
        self, *, purpose: Purpose, reference: str, student_id: str, tutor_id: str, amount: Money
    ) -> tuple[str, Quote]:
        """A signed price for `student_id` to pay, valid for QUOTE_LIFETIME."""
        if amount.minor <= 0:
            raise BadUserInput("there is nothing to pay: the price is not positive")
        if amount.minor > MAX_CHARGE_MINOR:
            raise BadUserInput("the price is more than can be charged at once")
        quote = Quote(
            purpose=purpose,
            reference=reference,
            student_id=student_id,
            tutor_id=tutor_id,
            amount=amount,
            expires_at=self._clock() + QUOTE_LIFETIME,
        )
        return sign(quote, self._secret), quote

    @property
    def commission(self) -> CommissionRate:
        return self._commission

    def receipt(self, payment: Payment) -> str:
        """The signed receipt of a succeeded payment."""
        return sign_receipt(
            Receipt(
                payment_id=payment.id,
                paid=Paid(payment.purpose.value),
                reference=payment.reference,
                student_id=payment.student_id,
                tutor_id=payment.tutor_id,
                amount_minor=payment.amount.minor,
                currency=payment.amount.currency,
                paid_at=self._clock(),
            ),
            self._secret,
        )

    async def deliver_receipt(self, payment: Payment) -> bool:
        """Sends the receipt to the owner of what was paid for; True once it took it (or
        refused it for good). CONFLICT, NOT_FOUND or ALREADY_ENROLLED there means what was
        paid for cannot be had: the payment is refunded in full."""
        if self._owners is None or payment.status is not PaymentStatus.SUCCEEDED:
            return False
        delivery = await self._owners.deliver(payment.purpose, self.receipt(payment))
        if delivery.outcome is Outcome.RETRY:
            return False
        if delivery.outcome is Outcome.REFUSED:
            if delivery.code in _CANNOT_BE_HAD:
                log.warning("%s cannot be had (%s): refunding it", payment.id, delivery.message)
                try:
                    await self._refund_once(payment.id)
                except StoreUnavailable:
                    return False  # the provider did not answer: the sweep tries again
            else:
                log.error(
                    "the receipt of %s was refused (%s: %s)",
                    payment.id,
                    delivery.code,
                    delivery.message,
                )
        await self._store.receipt_delivered(payment.id, self._clock())
        return True

    async def sweep_receipts(self) -> int:
        """Delivers every receipt still due; how many were taken."""
        taken = 0
        for payment in await self._store.receipts_due(_SWEEP_BATCH):
            taken += await self.deliver_receipt(payment)
        return taken

    async def refund_cancelled_booking(self, notice_token: str) -> Payment | None:
        """Applies the cancellation policy to the paid booking a signed notice names: the
        payment refunded in full when cancelled FULL_REFUND_NOTICE before the start or
        earlier, kept otherwise. None when the booking had no paid payment. Idempotent."""
        try:
            notice = verify_notice(notice_token, self._secret)
        except SignatureError as error:
            raise BadUserInput(f"notice: {error}", code="INVALID_NOTICE") from None
        found = await self._store.payments_for(Purpose.BOOKING, [notice.booking_id])
        paid = [
            p
            for p in found[notice.booking_id]
            if p.student_id == notice.student_id
            and p.status in {PaymentStatus.SUCCEEDED, PaymentStatus.REFUNDED}
        ]
        if not paid:
            return None
        payment = paid[0]
        if (
            payment.status is PaymentStatus.SUCCEEDED
            and notice.start - notice.cancelled_at >= FULL_REFUND_NOTICE
        ):
            refunded, _ = await self._refund_once(payment.id)
            return refunded
        return payment
