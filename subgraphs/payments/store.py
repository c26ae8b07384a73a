"""All PostgreSQL access of the payments subgraph (SQLAlchemy Core over asyncpg).

Exactly once is the database's job here, not the caller's: a booking or an enrollment has at
most one live payment (a partial unique index); a payment moves from PENDING to SUCCEEDED, and
from SUCCEEDED to REFUNDED, by a conditional update whose winner alone writes the ledger, in
the same transaction; and the ledger takes one charge and one refund per payment (a unique
constraint). A webhook and a client confirmation racing, or a provider repeating a webhook,
therefore end in one state and one ledger transaction.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import assert_never

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from shared.errors import Conflict
from shared.subgraph.metrics import StoreQueries
from shared.subgraph.postgres import is_postgres_outage, postgres_engine
from shared.subgraph.timeouts import StoreTimeouts, store_deadline
from subgraphs.payments.books import read_transaction, write_transaction
from subgraphs.payments.ledger import (
    Account,
    Entry,
    Transaction,
    TransactionKind,
    charge,
    payout,
    refund,
)
from subgraphs.payments.migrations import migrate
from subgraphs.payments.model import Payment, PaymentStatus, Purpose
from subgraphs.payments.money import Money, Split
from subgraphs.payments.settings import Settings
from subgraphs.payments.tables import (
    ENTRIES,
    EVENTS,
    PAYMENTS,
    TRANSACTIONS,
    payment_of,
    payment_values,
)

__all__ = ["Payout", "Settlement", "Store", "TutorLedger"]

_ONE_LIVE_PAYMENT = "payments_one_live_per_reference"


class Settlement(Enum):
    """How news of a payment moves it: paid, failed, or given back."""

    SUCCEED = "SUCCEED"
    FAIL = "FAIL"
    REFUND = "REFUND"


@dataclass(frozen=True, slots=True, kw_only=True)
class TutorLedger:
    """A tutor's account in one currency: what they earned (their share of charges, less
    refunds), what was paid out, and the balance the platform owes them (the difference)."""

    earned: Money
    paid_out: Money

    @property
    def balance(self) -> Money:
        return self.earned - self.paid_out


@dataclass(frozen=True, slots=True, kw_only=True)
class Payout:
    reference: str
    tutor_id: str
    amount: Money
    created_at: datetime


class Store:
    """The payments database: payments and the ledger."""

    def __init__(
        self,
        engine: AsyncEngine,
        timeouts: StoreTimeouts | None = None,
        store_queries: StoreQueries | None = None,
    ) -> None:
        self._engine = engine
        self._timeouts = timeouts or StoreTimeouts()
        # What /metrics shows, and what the N+1 tests read: every statement sent, counted.
        self.store_queries = store_queries or StoreQueries()
        count = self.store_queries.counter("postgresql")
        sa.event.listen(engine.sync_engine, "before_cursor_execute", lambda *_: count())

    @classmethod
    def connect(cls, settings: Settings) -> Store:
        limits = settings.timeouts
        engine = postgres_engine(
            settings.database_url, pool_size=settings.pool_size, timeouts=limits
        )
        return cls(engine, limits)

    def _deadline(self) -> contextlib.AbstractAsyncContextManager[None]:
        return store_deadline("payments", self._timeouts.query, is_postgres_outage)

    async def close(self) -> None:
        await self._engine.dispose()

    async def migrate(self) -> None:
        """Brings the schema to the newest revision (idempotent; safe to race)."""
        await migrate(self._engine)

    async def open(self, payment: Payment) -> Payment:
        """Records a new PENDING payment; Conflict when its booking or enrollment already has
        one pending or paid."""
        try:
            async with self._deadline(), self._engine.begin() as conn:
                await conn.execute(sa.insert(PAYMENTS), payment_values(payment))
        except IntegrityError as error:
            if _ONE_LIVE_PAYMENT in str(error.orig):
                raise Conflict(
                    "this is already being paid for, or has been paid", code="ALREADY_PAID"
                ) from None
            raise
        return payment

    async def attach_provider(self, payment_id: str, provider_id: str) -> None:
        """Remembers the provider's id for the payment (its PaymentIntent)."""
        query = (
            sa.update(PAYMENTS)
            .where(PAYMENTS.c.id == payment_id, PAYMENTS.c.provider_id.is_(None))
            .values(provider_id=provider_id)
        )
        async with self._deadline(), self._engine.begin() as conn:
            await conn.execute(query)

    async def payments_by_id(self, ids: Sequence[str]) -> Mapping[str, Payment]:
        query = sa.select(PAYMENTS).where(PAYMENTS.c.id.in_(list(ids)))
        async with self._deadline(), self._engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        return {row.id: payment_of(row) for row in rows}

    async def payments_for(
        self, purpose: Purpose, references: Sequence[str]
    ) -> Mapping[str, tuple[Payment, ...]]:
        """Every payment for each booking or course, newest first, in one query."""
        query = (
            sa.select(PAYMENTS)
            .where(PAYMENTS.c.purpose == purpose.value, PAYMENTS.c.reference.in_(list(references)))
            .order_by(PAYMENTS.c.created_at.desc(), PAYMENTS.c.id.desc())
        )
        async with self._deadline(), self._engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        found: dict[str, list[Payment]] = defaultdict(list)
        for row in rows:
            found[row.reference].append(payment_of(row))
        return {ref: tuple(found.get(ref, ())) for ref in references}

    async def payments_of_students(
        self, student_ids: Sequence[str]
    ) -> Mapping[str, tuple[Payment, ...]]:
        """Every payment each student made, oldest first, in one query."""
        query = (
            sa.select(PAYMENTS)
            .where(PAYMENTS.c.student_id.in_(list(student_ids)))
            .order_by(PAYMENTS.c.created_at, PAYMENTS.c.id)
        )
        async with self._deadline(), self._engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        found: dict[str, list[Payment]] = defaultdict(list)
        for row in rows:
            found[row.student_id].append(payment_of(row))
        return {student: tuple(found.get(student, ())) for student in student_ids}

    async def receipts_due(self, limit: int) -> tuple[Payment, ...]:
        """Succeeded payments whose receipt the owner of what they paid for has not taken."""
        query = (
            sa.select(PAYMENTS)
            .where(
                PAYMENTS.c.status == PaymentStatus.SUCCEEDED.value,
                PAYMENTS.c.receipt_delivered_at.is_(None),
            )
            .order_by(PAYMENTS.c.created_at)
            .limit(limit)
        )
        async with self._deadline(), self._engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        return tuple(payment_of(row) for row in rows)

    async def receipt_delivered(self, payment_id: str, now: datetime) -> None:
        query = (
            sa.update(PAYMENTS)
            .where(PAYMENTS.c.id == payment_id, PAYMENTS.c.receipt_delivered_at.is_(None))
            .values(receipt_delivered_at=now)
        )
        async with self._deadline(), self._engine.begin() as conn:
            await conn.execute(query)

    async def payment_by_provider_id(self, provider_id: str) -> Payment | None:
        query = sa.select(PAYMENTS).where(PAYMENTS.c.provider_id == provider_id)
        async with self._deadline(), self._engine.connect() as conn:
            row = (await conn.execute(query)).first()
        return None if row is None else payment_of(row)

    async def succeed(self, payment_id: str) -> bool:
        """PENDING → SUCCEEDED with its charge in the ledger; False when it was not pending
        (already succeeded: the news came twice)."""
        return await self._settle(Settlement.SUCCEED, payment_id)

    async def fail(self, payment_id: str) -> bool:
        """PENDING → FAILED (declined or abandoned); False when it was not pending."""
        return await self._settle(Settlement.FAIL, payment_id)

    async def refund(self, payment_id: str) -> bool:
        """SUCCEEDED → REFUNDED with its charge reversed in the ledger; False when it was not
        paid (or is refunded already)."""
        return await self._settle(Settlement.REFUND, payment_id)

    async def handle_event(
        self, event_id: str, kind: str, settlement: Settlement | None, payment_id: str
    ) -> bool:
        """Claims the provider's event and settles the payment as it says, in one transaction:
        True the first time only, however many deliveries of it arrive at once (a second claim
        waits for the first to commit, then finds the event taken). A failure rolls both back,
        so the provider's next delivery is handled afresh."""
        claim = (
            postgresql.insert(EVENTS)
            .values(id=event_id, type=kind)
            .on_conflict_do_nothing(index_elements=[EVENTS.c.id])
            .returning(EVENTS.c.id)
        )
        async with self._deadline(), self._engine.begin() as conn:
            if (await conn.execute(claim)).first() is None:
                return False
            if settlement is not None:
                await self._settle_in(conn, settlement, payment_id)
        return True

    async def _settle(self, settlement: Settlement, payment_id: str) -> bool:
        async with self._deadline(), self._engine.begin() as conn:
            return await self._settle_in(conn, settlement, payment_id)

    async def _settle_in(
        self, conn: AsyncConnection, settlement: Settlement, payment_id: str
    ) -> bool:
        pending, paid = PaymentStatus.PENDING, PaymentStatus.SUCCEEDED
        match settlement:
            case Settlement.SUCCEED:
                done = await self._move(conn, payment_id, pending, paid)
                if done is not None:
                    split = Split(
                        price=done.amount,
                        commission=done.commission,
                        payout=done.amount - done.commission,
                    )
                    await write_transaction(conn, charge(done.id, split, done.tutor_id))
            case Settlement.FAIL:
                done = await self._move(conn, payment_id, pending, PaymentStatus.FAILED)
            case Settlement.REFUND:
                done = await self._move(conn, payment_id, paid, PaymentStatus.REFUNDED)
                if done is not None:
                    original = await read_transaction(conn, TransactionKind.CHARGE, payment_id)
                    await write_transaction(conn, refund(payment_id, original))
            case _:
                assert_never(settlement)
        return done is not None

    async def refund_once(
        self, payment_id: str, give_back: Callable[[Payment], Awaitable[None]]
    ) -> tuple[Payment, bool] | None:
        """Refunds a paid payment once, however many ask at once: under the payment's refund
        lock (a transaction-level advisory lock, so across processes too) it reads the payment
        and, while it is SUCCEEDED, has `give_back` return the money (the provider's refund,
        outside the query deadline), then moves it to REFUNDED with its charge reversed. Those
        waiting find it refunded. The payment as it then stands, and whether this call
        refunded it; None for an unknown payment. A failing `give_back` changes nothing."""
        lock = sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtext("refund:" + payment_id)))
        current = sa.select(PAYMENTS).where(PAYMENTS.c.id == payment_id)
        async with self._engine.begin() as conn:
            async with self._deadline():
                await conn.execute(lock)
                row = (await conn.execute(current)).first()
            if row is None:
                return None
            if row.status != PaymentStatus.SUCCEEDED.value:
                return payment_of(row), False
            await give_back(payment_of(row))
            async with self._deadline():
                await self._settle_in(conn, Settlement.REFUND, payment_id)
                after = payment_of((await conn.execute(current)).one())
        return after, True

    async def pay_out(self, reference: str, tutor_id: str, amount: Money) -> Payout:
        """Pays `amount` out of the tutor's balance (never more: LedgerError), one payout at a
        time per tutor, so two at once cannot both spend the same balance."""
        account = str(Account.tutor(tutor_id))
        async with self._deadline(), self._engine.begin() as conn:
            await conn.execute(
                sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtext("payout:" + account)))
            )
            rows = await conn.execute(
                sa.select(ENTRIES.c.amount_minor, ENTRIES.c.currency).where(
                    ENTRIES.c.account == account
                )
            )
            mine = [
                Entry(account=Account.tutor(tutor_id), amount=Money(minor=m, currency=c))
                for m, c in rows.all()
            ]
            at = await write_transaction(conn, payout(reference, tutor_id, amount, mine))
        return Payout(reference=reference, tutor_id=tutor_id, amount=amount, created_at=at)

    async def balance(self, account: Account, currency: str) -> Money:
        """The account's balance (debit-positive): the sum of its entries."""
        query = sa.select(sa.func.coalesce(sa.func.sum(ENTRIES.c.amount_minor), 0)).where(
            ENTRIES.c.account == str(account), ENTRIES.c.currency == currency
        )
        async with self._deadline(), self._engine.connect() as conn:
            total = (await conn.execute(query)).scalar_one()
        return Money(minor=int(total), currency=currency)

    async def tutor_balances(self, tutor_ids: Sequence[str], currency: str) -> Mapping[str, Money]:
        """What the platform owes each tutor, in one query."""
        accounts = {str(Account.tutor(t)): t for t in tutor_ids}
        query = (
            sa.select(ENTRIES.c.account, sa.func.sum(ENTRIES.c.amount_minor))
            .where(ENTRIES.c.account.in_(list(accounts)), ENTRIES.c.currency == currency)
            .group_by(ENTRIES.c.account)
        )
        async with self._deadline(), self._engine.connect() as conn:
            sums = {account: int(total) for account, total in (await conn.execute(query)).all()}
        return {t: Money(minor=-sums.get(a, 0), currency=currency) for a, t in accounts.items()}

    async def tutor_ledgers(
        self, tutor_ids: Sequence[str], currency: str
    ) -> Mapping[str, TutorLedger]:
        """Each tutor's earned, paid-out and owed amounts in `currency`, in one query."""
        accounts = {str(Account.tutor(t)): t for t in tutor_ids}
        query = (
            sa.select(ENTRIES.c.account, TRANSACTIONS.c.kind, sa.func.sum(ENTRIES.c.amount_minor))
            .join(TRANSACTIONS, TRANSACTIONS.c.id == ENTRIES.c.transaction_id)
            .where(ENTRIES.c.account.in_(list(accounts)), ENTRIES.c.currency == currency)
            .group_by(ENTRIES.c.account, TRANSACTIONS.c.kind)
        )
        async with self._deadline(), self._engine.connect() as conn:
            sums = {
                (a, TransactionKind(k)): int(t) for a, k, t in (await conn.execute(query)).all()
            }
        out: dict[str, TutorLedger] = {}
        for account, tutor in accounts.items():
            # The tutor's account is credited (negative) by charges, debited back by refunds
            # and by payouts.
            earned = -sums.get((account, TransactionKind.CHARGE), 0) - sums.get(
                (account, TransactionKind.REFUND), 0
            )
            paid = sums.get((account, TransactionKind.PAYOUT), 0)
            out[tutor] = TutorLedger(
                earned=Money(minor=earned, currency=currency),
                paid_out=Money(minor=paid, currency=currency),
            )
        return out

    async def payouts_of(self, tutor_ids: Sequence[str]) -> Mapping[str, tuple[Payout, ...]]:
        """Each tutor's payouts, newest first, in one query."""
        accounts = {str(Account.tutor(t)): t for t in tutor_ids}
        query = (
            sa.select(
                ENTRIES.c.account,
                ENTRIES.c.amount_minor,
                ENTRIES.c.currency,
                TRANSACTIONS.c.reference,
                TRANSACTIONS.c.created_at,
            )
            .join(TRANSACTIONS, TRANSACTIONS.c.id == ENTRIES.c.transaction_id)
            .where(
                ENTRIES.c.account.in_(list(accounts)),
                TRANSACTIONS.c.kind == TransactionKind.PAYOUT.value,
            )
            .order_by(TRANSACTIONS.c.created_at.desc(), TRANSACTIONS.c.id.desc())
        )
        async with self._deadline(), self._engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        found: dict[str, list[Payout]] = defaultdict(list)
        for row in rows:
            tutor = accounts[row.account]
            found[tutor].append(
                Payout(
                    reference=row.reference,
                    tutor_id=tutor,
                    amount=Money(minor=int(row.amount_minor), currency=row.currency),
                    created_at=row.created_at,
                )
            )
        return {t: tuple(found.get(t, ())) for t in tutor_ids}

    async def imbalance(self) -> dict[str, int]:
        """The reconciliation: currencies whose entries do not sum to zero (empty when sound)."""
        total = sa.func.sum(ENTRIES.c.amount_minor)
        query = sa.select(ENTRIES.c.currency, total).group_by(ENTRIES.c.currency).having(total != 0)
        async with self._deadline(), self._engine.connect() as conn:
            return {currency: int(t) for currency, t in (await conn.execute(query)).all()}

    async def transactions(self, reference: str) -> tuple[Transaction, ...]:
        """The ledger's transactions under `reference`, oldest first."""
        async with self._deadline(), self._engine.connect() as conn:
            found = await conn.execute(
                sa.select(TRANSACTIONS.c.kind)
                .where(TRANSACTIONS.c.reference == reference)
                .order_by(TRANSACTIONS.c.id)
            )
            kinds = [TransactionKind(kind) for (kind,) in found.all()]
            return tuple([await read_transaction(conn, kind, reference) for kind in kinds])

    async def count(self) -> int:
        """How many payments are stored."""
        async with self._engine.connect() as conn:
            return int(
                (await conn.execute(sa.select(sa.func.count()).select_from(PAYMENTS))).scalar_one()
            )

    async def load_paid(self, paid: Sequence[tuple[Payment, datetime]]) -> None:
        """Bulk-loads succeeded payments, each with its charge in the ledger and its receipt
        taken at the time given (the seed), in one transaction."""
        async with self._engine.begin() as conn:
            if paid:
                rows = [
                    {
                        **payment_values(p),
                        "status": PaymentStatus.SUCCEEDED.value,
                        "receipt_delivered_at": at,
                    }
                    for p, at in paid
                ]
                await conn.execute(sa.insert(PAYMENTS), rows)
            for p, _ in paid:
                split = Split(
                    price=p.amount, commission=p.commission, payout=p.amount - p.commission
                )
                await write_transaction(conn, charge(p.id, split, p.tutor_id))

    async def reset(self) -> None:
        """Deletes every payment and ledger entry (tests and the seed start from empty)."""
        async with self._engine.begin() as conn:
            await conn.execute(
                sa.text("TRUNCATE provider_events, ledger_entries, ledger_transactions, payments")
            )

    async def _move(
        self, conn: AsyncConnection, payment_id: str, old: PaymentStatus, new: PaymentStatus
    ) -> Payment | None:
        query = (
            sa.update(PAYMENTS)
            .where(PAYMENTS.c.id == payment_id, PAYMENTS.c.status == old.value)
            .values(status=new.value)
            .returning(*PAYMENTS.c)
        )
        row = (await conn.execute(query)).first()
        return None if row is None else payment_of(row)
