"""The scheduling tables as SQLAlchemy Core sees them, and rows <-> domain values."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from subgraphs.scheduling.model import Booking, BookingStatus, Rule, Weekday

__all__ = ["BOOKINGS", "RULES", "booking_of", "booking_values", "rule_of", "rule_values"]

_METADATA = sa.MetaData()
# Mirrors of the migrated tables (migrations/versions own the DDL, constraints included).
RULES = sa.Table(
    "availability_rules",
    _METADATA,
    sa.Column("id", sa.BigInteger, primary_key=True),
    sa.Column("tutor_id", sa.Text),
    sa.Column("weekday", sa.SmallInteger),
    sa.Column("start_time", sa.Time),
    sa.Column("end_time", sa.Time),
    sa.Column("timezone", sa.Text),
)
BOOKINGS = sa.Table(
    "bookings",
    _METADATA,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("tutor_id", sa.Text),
    sa.Column("student_id", sa.Text),
    sa.Column("start_at", sa.DateTime(timezone=True)),
    sa.Column("end_at", sa.DateTime(timezone=True)),
    sa.Column("status", sa.Text),
    sa.Column("created_at", sa.DateTime(timezone=True)),
    sa.Column("hold_until", sa.DateTime(timezone=True)),
    sa.Column("payment_id", sa.Text),
    sa.Column("cancelled_at", sa.DateTime(timezone=True)),
    sa.Column("refund_notice_sent_at", sa.DateTime(timezone=True)),
)


def rule_of(row: sa.Row[Any]) -> Rule:
    return Rule(
        tutor_id=row.tutor_id,
        weekday=Weekday(row.weekday),
        start=row.start_time,
        end=row.end_time,
        timezone=row.timezone,
    )


def booking_of(row: sa.Row[Any]) -> Booking:
    return Booking(
        id=row.id,
        tutor_id=row.tutor_id,
        student_id=row.student_id,
        start=row.start_at,
        end=row.end_at,
        status=BookingStatus(row.status),
        created_at=row.created_at,
        hold_until=row.hold_until,
        payment_id=row.payment_id,
        cancelled_at=row.cancelled_at,
    )


def rule_values(rule: Rule) -> dict[str, Any]:
    return {
        "tutor_id": rule.tutor_id,
        "weekday": rule.weekday.value,
        "start_time": rule.start,
        "end_time": rule.end,
        "timezone": rule.timezone,
    }


def booking_values(b: Booking) -> dict[str, Any]:
    return {
        "id": b.id,
        "tutor_id": b.tutor_id,
        "student_id": b.student_id,
        "start_at": b.start,
        "end_at": b.end,
        "status": b.status.value,
        "created_at": b.created_at,
        "hold_until": b.hold_until,
        "payment_id": b.payment_id,
        "cancelled_at": b.cancelled_at,
    }
