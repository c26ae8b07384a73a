"""The ledger's rows: a transaction written as its entries, and read back from them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from subgraphs.payments.ledger import Account, Entry, Transaction, TransactionKind
from subgraphs.payments.money import Money
from subgraphs.payments.tables import ENTRIES, TRANSACTIONS

__all__ = ["read_transaction", "write_transaction"]


async def write_transaction(conn: AsyncConnection, transaction: Transaction) -> datetime:
    """Inserts the transaction and its entries (inside the caller's database transaction);
    when the ledger recorded it."""
    inserted = await conn.execute(
        sa.insert(TRANSACTIONS)
        .values(
            kind=transaction.kind.value,
            reference=transaction.reference,
            currency=transaction.currency,
        )
        .returning(TRANSACTIONS.c.id, TRANSACTIONS.c.created_at)
    )
    number, created_at = inserted.one()
    await conn.execute(sa.insert(ENTRIES), list(_entry_rows(number, transaction.entries)))
    recorded: datetime = created_at
    return recorded


async def read_transaction(
    conn: AsyncConnection, kind: TransactionKind, reference: str
) -> Transaction:
    """The `kind` transaction under `reference`, its entries in the order they were written."""
    query = (
        sa.select(ENTRIES.c.account, ENTRIES.c.amount_minor, ENTRIES.c.currency)
        .join(TRANSACTIONS, TRANSACTIONS.c.id == ENTRIES.c.transaction_id)
        .where(TRANSACTIONS.c.kind == kind.value, TRANSACTIONS.c.reference == reference)
        .order_by(ENTRIES.c.id)
    )
    rows = (await conn.execute(query)).all()
    entries = tuple(
        Entry(account=Account.parse(a), amount=Money(minor=m, currency=c)) for a, m, c in rows
    )
    return Transaction(kind=kind, reference=reference, entries=entries)


def _entry_rows(transaction_id: int, entries: Iterable[Entry]) -> Iterable[dict[str, Any]]:
    for entry in entries:
        yield {
            "transaction_id": transaction_id,
            "account": str(entry.account),
            "amount_minor": entry.amount.minor,
            "currency": entry.amount.currency,
        }
