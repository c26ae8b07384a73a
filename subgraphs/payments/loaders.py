"""Per-request DataLoaders: every entity and per-booking, per-student and per-tutor field loads
through one, so a list of N costs one store query, not N.

Ids come from clients and other subgraphs' representations: one the store could never hold
(empty, oversized, or with a NUL character, which PostgreSQL text refuses) is simply not found,
without a query.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import TypeVar

from strawberry.dataloader import DataLoader

from shared.subgraph.loaders import batched, grouped
from subgraphs.payments.facts import MAX_ID_LENGTH
from subgraphs.payments.model import Payment, Purpose
from subgraphs.payments.store import Payout, Store, TutorLedger

__all__ = ["Loaders", "storable"]

V = TypeVar("V")


def storable(key: str) -> bool:
    """Whether `key` could be an id in the store."""
    return 0 < len(key) <= MAX_ID_LENGTH and "\x00" not in key


def _only_storable(
    fetch: Callable[[list[str]], Awaitable[Mapping[str, V]]],
) -> Callable[[list[str]], Awaitable[Mapping[str, V]]]:
    async def fetch_storable(keys: list[str]) -> Mapping[str, V]:
        kept = [key for key in keys if storable(key)]
        return await fetch(kept) if kept else {}

    return fetch_storable


class Loaders:
    """Fresh per request, so caches never outlive one operation or leak between viewers."""

    def __init__(self, store: Store) -> None:
        self.payment: DataLoader[str, Payment | None] = batched(
            _only_storable(store.payments_by_id), missing=None
        )

        async def of_bookings(ids: list[str]) -> dict[str, tuple[Payment, ...]]:
            return dict(await store.payments_for(Purpose.BOOKING, ids))

        self.booking_payments: DataLoader[str, tuple[Payment, ...]] = batched(
            _only_storable(of_bookings), missing=()
        )
        self.student_payments: DataLoader[str, tuple[Payment, ...]] = batched(
            _only_storable(store.payments_of_students), missing=()
        )

        async def ledgers(currency: str, tutor_ids: list[str]) -> Mapping[str, TutorLedger]:
            return await _only_storable(lambda ids: store.tutor_ledgers(ids, currency))(tutor_ids)

        # A tutor id the store could not hold has no ledger: None, read as an empty one.
        self.ledger: DataLoader[tuple[str, str], TutorLedger | None] = grouped(
            ledgers, split=lambda key: (key[1], key[0]), missing=None
        )
        self.payouts: DataLoader[str, tuple[Payout, ...]] = batched(
            _only_storable(store.payouts_of), missing=()
        )
