"""Paying, and hearing back from the provider: the payments subgraph's use cases.

`pay` turns a signed quote into a payment: opened in the store (one live payment per booking or
enrollment), charged at the provider, settled in the store. The provider's webhooks settle the
same payments from the other side (`on_event`); either may come first, both end in one state,
since every settlement is a conditional move in the store. A provider that does not answer
leaves the payment PENDING rather than FAILED: the charge may have gone through, and marking it
failed would let a second attempt charge again; the webhook settles it.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime

from shared.errors import BadUserInput, Forbidden, NotFound, StoreUnavailable
from subgraphs.payments.model import Payment, PaymentStatus
from subgraphs.payments.money import CommissionRate
from subgraphs.payments.provider import PaymentDeclined, Provider, ProviderError, ProviderEvent
from subgraphs.payments.quotes import QuoteError, verify
from subgraphs.payments.store import Settlement, Store

__all__ = ["Payments", "new_payment_id"]

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
    ) -> None:
        self._store = store
        self._provider = provider
        self._commission = commission
        self._secret = quote_secret
        self._clock = clock
        self._new_id = new_id

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
        if intent.paid:
            await self._store.succeed(payment.id)
        return await self.payment(payment.id)

    async def refund(self, payment_id: str) -> Payment:
        """Gives the whole payment back (whether it may be is the caller's policy)."""
        payment = await self.payment(payment_id)
        if payment.status is not PaymentStatus.SUCCEEDED:
            raise BadUserInput("only a paid payment can be refunded", code="NOT_REFUNDABLE")
        try:
            await self._provider.refund(payment)
        except ProviderError as error:
            raise StoreUnavailable(str(error), store="provider") from None
        await self._store.refund(payment_id)
        return await self.payment(payment_id)

    async def on_event(self, event: ProviderEvent) -> bool:
        """Acts on a verified webhook once; False when it was handled before or is not ours
        (events of other kinds are recorded and otherwise ignored)."""
        if event.payment_id is None:
            return False
        settlement = _SETTLEMENTS.get(event.type)
        return await self._store.handle_event(event.id, event.type, settlement, event.payment_id)

    async def payment(self, payment_id: str) -> Payment:
        found = (await self._store.payments_by_id([payment_id])).get(payment_id)
        if found is None:
            raise NotFound("no such payment")
        return found
