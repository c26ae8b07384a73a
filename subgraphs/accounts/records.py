"""The accounts subgraph's internal data: users as read from and written to the store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

__all__ = ["NewUser", "PendingSignup", "RoleName", "UserRecord"]


class RoleName(StrEnum):
    STUDENT = "STUDENT"
    TUTOR = "TUTOR"
    ADMIN = "ADMIN"


@dataclass(frozen=True, slots=True, kw_only=True)
class UserRecord:
    """A stored user, without the password hash (only sign-in ever reads that)."""

    id: str
    email: str
    display_name: str
    role: RoleName
    timezone: str
    created_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class NewUser:
    """A validated sign-up, ready to be written; the password is already hashed."""

    id: str
    email: str
    display_name: str
    role: RoleName
    timezone: str
    password_hash: str
    created_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class PendingSignup:
    """A validated sign-up waiting for the token mailed to `email` (only its hash is kept)."""

    token_hash: str
    email: str
    display_name: str
    role: RoleName
    timezone: str
    password_hash: str
    created_at: datetime
    expires_at: datetime
