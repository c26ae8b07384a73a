"""Per-request DataLoaders: every entity and per-booking, per-student and per-tutor field loads
through one, so a list of N costs one store query, not N."""

from __future__ import annotations

from strawberry.dataloader import DataLoader

from shared.subgraph.loaders import batched, grouped
from subgraphs.payments.model import Payment, Purpose
from subgraphs.payments.store import Payout, Store, TutorLedger

__all__ = ["Loaders"]


class Loaders:
    """Fresh per request, so caches never outlive one operation or leak between viewers."""

    def __init__(self, store: Store) -> None:
        self.payment: DataLoader[str, Payment | None] = batched(store.payments_by_id, missing=None)

        async def of_bookings(ids: list[str]) -> dict[str, tuple[Payment, ...]]:
            return dict(await store.payments_for(Purpose.BOOKING, ids))

        self.booking_payments: DataLoader[str, tuple[Payment, ...]] = batched(
            of_bookings, missing=()
        )
        self.student_payments: DataLoader[str, tuple[Payment, ...]] = batched(
            store.payments_of_students, missing=()
        )

        async def ledgers(currency: str, tutor_ids: list[str]) -> dict[str, TutorLedger]:
            return dict(await store.tutor_ledgers(tutor_ids, currency))

        self.ledger: DataLoader[tuple[str, str], TutorLedger | None] = grouped(
            ledgers, split=lambda key: (key[1], key[0]), missing=None
        )
        self.payouts: DataLoader[str, tuple[Payout, ...]] = batched(store.payouts_of, missing=())
