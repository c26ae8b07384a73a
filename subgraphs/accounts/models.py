"""The SQLModel tables of accounts: `users`, with its case-insensitive unique email index, and
`pending_signups`, sign-ups waiting for their address to be confirmed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, DateTime, Index, text
from sqlmodel import Field, SQLModel

__all__ = ["EMAIL_INDEX", "PendingSignupRow", "UserRow"]

# Uniqueness lives in the database so that two concurrent sign-ups cannot both win.
EMAIL_INDEX = "ux_users_email_lower"


class UserRow(SQLModel, table=True):
    __tablename__ = "users"
    __table_args__ = (
        Index(EMAIL_INDEX, text("lower(email)"), unique=True),
        # Pagination walks (created_at, id); this index serves both the order and the seek.
        Index("ix_users_created_at_id", "created_at", "id"),
        CheckConstraint("role IN ('STUDENT', 'TUTOR', 'ADMIN')", name="ck_users_role"),
    )

    id: str = Field(primary_key=True, max_length=64)
    email: str = Field(max_length=320)
    display_name: str = Field(max_length=80)
    role: str = Field(max_length=16)
    timezone: str = Field(max_length=64)
    password_hash: str = Field(max_length=255)
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class PendingSignupRow(SQLModel, table=True):
    """A sign-up whose confirmation mail went out; only the token's SHA-256 is kept."""

    __tablename__ = "pending_signups"
    __table_args__ = (
        Index("ix_pending_signups_email_lower", text("lower(email)")),
        Index("ix_pending_signups_expires_at", "expires_at"),
        CheckConstraint("role IN ('STUDENT', 'TUTOR')", name="ck_pending_signups_role"),
    )

    token_hash: str = Field(primary_key=True, max_length=64)
    email: str = Field(max_length=320)
    display_name: str = Field(max_length=80)
    role: str = Field(max_length=16)
    timezone: str = Field(max_length=64)
    password_hash: str = Field(max_length=255)
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    expires_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
