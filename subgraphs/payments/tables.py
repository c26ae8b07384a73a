"""The payments tables as SQLAlchemy Core sees them, and rows <-> domain values."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from subgraphs.payments.model import Payment, PaymentStatus, Purpose
from subgraphs.payments.money import Money

__all__ = ["ENTRIES", "EVENTS", "PAYMENTS", "TRANSACTIONS", "payment_of", "payment_values"]

_METADATA = sa.MetaData()
# Mirrors of the migrated tables (migrations/versions own the DDL, constraints included).
PAYMENTS = sa.Table(
    "payments",
    _METADATA,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("purpose", sa.Text),
    sa.Column("reference", sa.Text),
    sa.Column("student_id", sa.Text),
    sa.Column("tutor_id", sa.Text),
    sa.Column("amount_minor", sa.BigInteger),
    sa.Column("commission_minor", sa.BigInteger),
    sa.Column("currency", sa.Text),
    sa.Column("status", sa.Text),
    sa.Column("provider_id", sa.Text),
    sa.Column("created_at", sa.DateTime(timezone=True)),
    sa.Column("receipt_delivered_at", sa.DateTime(timezone=True)),
)
TRANSACTIONS = sa.Table(
    "ledger_transactions",
    _METADATA,
    sa.Column("id", sa.BigInteger, primary_key=True),
    sa.Column("kind", sa.Text),
    sa.Column("reference", sa.Text),
    sa.Column("currency", sa.Text),
    sa.Column("created_at", sa.DateTime(timezone=True)),
)
ENTRIES = sa.Table(
    "ledger_entries",
    _METADATA,
    sa.Column("id", sa.BigInteger, primary_key=True),
    sa.Column("transaction_id", sa.BigInteger),
    sa.Column("account", sa.Text),
    sa.Column("amount_minor", sa.BigInteger),
    sa.Column("currency", sa.Text),
)

EVENTS = sa.Table(
    "provider_events",
    _METADATA,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("type", sa.Text),
    sa.Column("received_at", sa.DateTime(timezone=True)),
)


def payment_of(row: sa.Row[Any]) -> Payment:
    return Payment(
        id=row.id,
        purpose=Purpose(row.purpose),
        reference=row.reference,
        student_id=row.student_id,
        tutor_id=row.tutor_id,
        amount=Money(minor=row.amount_minor, currency=row.currency),
        commission=Money(minor=row.commission_minor, currency=row.currency),
        status=PaymentStatus(row.status),
        provider_id=row.provider_id,
        created_at=row.created_at,
    )


def payment_values(p: Payment) -> dict[str, Any]:
    return {
        "id": p.id,
        "purpose": p.purpose.value,
        "reference": p.reference,
        "student_id": p.student_id,
        "tutor_id": p.tutor_id,
        "amount_minor": p.amount.minor,
        "commission_minor": p.commission.minor,
        "currency": p.amount.currency,
        "status": p.status.value,
        "provider_id": p.provider_id,
        "created_at": p.created_at,
    }
