"""The payment provider: Stripe, through its official SDK (async, over aiohttp).

Every call that moves money carries an idempotency key derived from the payment it is for, so
a retried call (ours or the SDK's own network retries) is one call at Stripe. The payments
store, not the provider, is what guarantees exactly once (docs/decisions/0011): the local
stand-in ignores idempotency keys.

Error tree::

    ProviderError            the provider could not be reached, or refused the call
    ├── PaymentDeclined      nothing was charged: the card was declined, or the payment
    │                        method is unknown or unusable (code: Stripe's code)
    └── InvalidWebhook       a webhook whose signature does not verify
"""

from __future__ import annotations

from dataclasses import dataclass

import stripe
from stripe.params import PaymentIntentCreateParams

from subgraphs.payments.model import Payment

__all__ = [
    "Intent",
    "InvalidWebhook",
    "PaymentDeclined",
    "Provider",
    "ProviderError",
    "ProviderEvent",
    "ProviderSettings",
]


class ProviderError(Exception):
    """The provider could not be reached or refused the call; the message is safe to show."""


class PaymentDeclined(ProviderError):
    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


class InvalidWebhook(ProviderError):
    """A webhook that does not carry a valid, recent signature: never acted upon."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ProviderSettings:
    """`api_base` None talks to Stripe itself; locally it is the stand-in's address."""

    api_key: str
    webhook_secret: str
    api_base: str | None = None
    timeout_seconds: float = 20.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Intent:
    """The provider's PaymentIntent for a payment: its id, and whether it was paid."""

    id: str
    paid: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class ProviderEvent:
    """A verified webhook: its id (for processing once), type, PaymentIntent and our payment's
    id (from the intent's metadata: the webhook may come before the charge call returns)."""

    id: str
    type: str
    intent_id: str | None
    payment_id: str | None


class Provider:
    def __init__(self, settings: ProviderSettings) -> None:
        self._settings = settings
        self._http = stripe.AIOHTTPClient(timeout=settings.timeout_seconds)
        base = settings.api_base
        self._client = stripe.StripeClient(
            settings.api_key,
            base_addresses={"api": base} if base else {},
            http_client=self._http,
            max_network_retries=2,
        )

    async def close(self) -> None:
        await self._http.close_async()  # type: ignore[no-untyped-call]

    async def charge(self, payment: Payment, payment_method: str) -> Intent:
        """Creates and confirms the PaymentIntent for `payment` with the student's payment
        method. PaymentDeclined when the card is declined."""
        params: PaymentIntentCreateParams = {
            "amount": payment.amount.minor,
            "currency": payment.amount.currency.lower(),
            "payment_method": payment_method,
            "confirm": True,
            "metadata": {
                "payment": payment.id,
                "purpose": payment.purpose.value,
                "reference": payment.reference,
            },
        }
        try:
            intent = await self._client.v1.payment_intents.create_async(
                params=params, options={"idempotency_key": f"charge-{payment.id}"}
            )
        except stripe.CardError as error:
            raise PaymentDeclined(
                error.user_message or "the card was declined", error.code or "card_declined"
            ) from None
        except stripe.InvalidRequestError as error:
            # Refused as asked (an unknown or unusable payment method): nothing was charged.
            raise PaymentDeclined(
                "the payment method was refused: it is unknown or cannot be charged",
                error.code or "invalid_request",
            ) from None
        except stripe.StripeError as error:
            raise ProviderError(_said(error)) from None
        return Intent(id=intent.id, paid=intent.status == "succeeded")

    async def refund(self, payment: Payment) -> str:
        """Refunds the whole of `payment` (its PaymentIntent); the refund's id."""
        if payment.provider_id is None:
            raise ProviderError("the payment never reached the provider")
        try:
            done = await self._client.v1.refunds.create_async(
                params={"payment_intent": payment.provider_id},
                options={"idempotency_key": f"refund-{payment.id}"},
            )
        except stripe.StripeError as error:
            raise ProviderError(_said(error)) from None
        return done.id

    def event(self, payload: bytes, signature: str | None) -> ProviderEvent:
        """The webhook's event, once its signature verifies (within Stripe's five minutes)."""
        try:
            event = stripe.Webhook.construct_event(
                payload, signature, self._settings.webhook_secret
            )
        except (stripe.SignatureVerificationError, ValueError) as error:
            raise InvalidWebhook(f"the webhook does not verify: {error}") from None
        except (AttributeError, KeyError, TypeError):  # verified, then not an object
            raise InvalidWebhook("the webhook is signed but is not an event") from None
        try:
            event_id, kind, found = event.id, event.type, event.data.object.to_dict()
        except (AttributeError, KeyError, TypeError):
            found = None
        if (
            not isinstance(found, dict)
            or not isinstance(event_id, str)
            or not isinstance(kind, str)
        ):
            raise InvalidWebhook("the webhook is signed but is not an event")
        intent = found.get("id") if found.get("object") == "payment_intent" else None
        if intent is None and found.get("object") in {"charge", "refund"}:
            intent = found.get("payment_intent")
        metadata = found.get("metadata") or {}
        payment = metadata.get("payment") if isinstance(metadata, dict) else None
        return ProviderEvent(
            id=event_id,
            type=kind,
            intent_id=intent if isinstance(intent, str) else None,
            payment_id=payment if isinstance(payment, str) else None,
        )


def _said(error: stripe.StripeError) -> str:
    return f"the payment provider refused or did not answer: {error.user_message or 'try again'}"
