"""All of accounts' SQL: the only module that talks to PostgreSQL (SQLAlchemy over asyncpg)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Row,
    String,
    any_,
    bindparam,
    event,
    func,
    insert,
    select,
    text,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.errors import Conflict
from shared.subgraph.metrics import StoreQueries
from shared.subgraph.postgres import is_postgres_outage, postgres_engine
from shared.subgraph.timeouts import StoreTimeouts, store_deadline
from subgraphs.accounts.migrations import migrate
from subgraphs.accounts.models import EMAIL_INDEX, PendingSignupRow, UserRow
from subgraphs.accounts.records import NewUser, PendingSignup, RoleName, UserRecord

__all__ = ["AccountsStore", "Credentials"]

_users = UserRow.__table__  # type: ignore[attr-defined]
_pending = PendingSignupRow.__table__  # type: ignore[attr-defined]
_PUBLIC = (
    _users.c.id,
    _users.c.email,
    _users.c.display_name,
    _users.c.role,
    _users.c.timezone,
    _users.c.created_at,
)
_ID_ARRAY = ARRAY(String)
_UNIQUE_VIOLATION = "23505"


def _storable(value: str) -> bool:
    """Whether PostgreSQL text can hold `value`: no NUL, no lone surrogates (not UTF-8).

    No stored row contains such a value, so looking one up can only match nothing; sending it
    would be an error from the driver or the server instead.
    """
    if "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _record(row: Row[*tuple[Any, ...]]) -> UserRecord:
    return UserRecord(
        id=row.id,
        email=row.email,
        display_name=row.display_name,
        role=RoleName(row.role),
        timezone=row.timezone,
        created_at=row.created_at,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Credentials:
    """A user with the stored hash, as only sign-in needs it."""

    user: UserRecord
    password_hash: str


def _is_email_conflict(error: IntegrityError) -> bool:
    orig = error.orig
    cause = getattr(orig, "__cause__", None)
    constraint = getattr(cause, "constraint_name", None) or getattr(orig, "constraint_name", None)
    return getattr(orig, "sqlstate", None) == _UNIQUE_VIOLATION and constraint == EMAIL_INDEX


class AccountsStore:
    """The users table behind a pooled async engine.

    `statements` counts every SQL statement sent, so tests can prove batching (one query
    for N entity references) instead of trusting it; `store_queries` counts them too, for
    /metrics. Every call the service makes runs under the query timeout; a stalled or
    unreachable server is StoreUnavailable.
    """

    def __init__(
        self,
        engine: AsyncEngine,
        timeouts: StoreTimeouts | None = None,
        store_queries: StoreQueries | None = None,
    ) -> None:
        self.engine = engine
        self.timeouts = timeouts or StoreTimeouts()
        self.statements = 0
        self.store_queries = store_queries or StoreQueries()
        self._count_query = self.store_queries.counter("postgresql")
        event.listen(engine.sync_engine, "before_cursor_execute", self._count)

    @classmethod
    def connect(cls, url: str, timeouts: StoreTimeouts | None = None) -> AccountsStore:
        limits = timeouts or StoreTimeouts()
        engine = postgres_engine(url, pool_size=5, timeouts=limits)
        return cls(engine, limits)

    def _deadline(self) -> contextlib.AbstractAsyncContextManager[None]:
        return store_deadline("accounts", self.timeouts.query, is_postgres_outage)

    def _count(self, *_: object) -> None:
        self.statements += 1
        self._count_query()

    async def close(self) -> None:
        await self.engine.dispose()

    async def migrate(self) -> None:
        await migrate(self.engine)

    async def users_by_ids(self, ids: list[str]) -> dict[str, UserRecord]:
        """The users among `ids` that exist, in one statement."""
        wanted = sorted({i for i in ids if _storable(i)})
        if not wanted:
            return {}
        # One array parameter (`= ANY($1)`) rather than `IN ($1, …, $n)`: the statement stays
        # the same for every batch size and never hits the protocol's 32767-parameter limit.
        stmt = select(*_PUBLIC).where(_users.c.id == any_(bindparam("ids", type_=_ID_ARRAY)))
        async with self._deadline(), self.engine.connect() as conn:
            rows = (await conn.execute(stmt, {"ids": wanted})).all()
        return {row.id: _record(row) for row in rows}

    async def credentials(self, email: str) -> Credentials | None:
        """The account whose email equals `email` ignoring case (served by the unique index)."""
        if not _storable(email):
            return None
        stmt = select(*_PUBLIC, _users.c.password_hash).where(
            func.lower(_users.c.email) == func.lower(email)
        )
        async with self._deadline(), self.engine.connect() as conn:
            row = (await conn.execute(stmt)).first()
        if row is None:
            return None
        return Credentials(user=_record(row), password_hash=row.password_hash)

    async def set_password_hash(self, user_id: str, password_hash: str) -> None:
        stmt = update(_users).where(_users.c.id == user_id).values(password_hash=password_hash)
        async with self._deadline(), self.engine.begin() as conn:
            await conn.execute(stmt)

    async def create_user(self, new: NewUser) -> UserRecord:
        """Insert one user; Conflict when the email is taken, decided by the unique index."""
        stmt = insert(_users).values(**_row(new)).returning(*_PUBLIC)
        try:
            async with self._deadline(), self.engine.begin() as conn:
                row = (await conn.execute(stmt)).one()
        except IntegrityError as exc:
            if _is_email_conflict(exc):
                raise Conflict("an account with this email already exists", field="email") from None
            raise
        return _record(row)

    async def add_pending(self, signup: PendingSignup) -> None:
        """Keep a sign-up until its token comes back; expired ones are cleared on the way."""
        values = {
            "token_hash": signup.token_hash,
            "email": signup.email,
            "display_name": signup.display_name,
            "role": signup.role.value,
            "timezone": signup.timezone,
            "password_hash": signup.password_hash,
            "created_at": signup.created_at,
            "expires_at": signup.expires_at,
        }
        async with self._deadline(), self.engine.begin() as conn:
            await conn.execute(_pending.delete().where(_pending.c.expires_at < signup.created_at))
            await conn.execute(insert(_pending).values(**values))

    async def confirm_pending(
        self, token_hash: str, *, user_id: str, now: datetime
    ) -> UserRecord | None:
        """Create the user of the sign-up whose token hashes to `token_hash`, in one transaction.

        None when no unexpired sign-up has that token (tokens work once). Conflict when the
        address got an account meanwhile. Every other pending sign-up of the address goes.
        """
        mine = _pending.c.token_hash == token_hash
        try:
            async with self._deadline(), self.engine.begin() as conn:
                address = await conn.scalar(select(func.lower(_pending.c.email)).where(mine))
                if address is None:
                    return None
                # Confirmations of one address run one at a time (each deletes the others'
                # rows); without this, two of them deadlock on each other's rows.
                lock = text("SELECT pg_advisory_xact_lock(hashtext(:address))")
                await conn.execute(lock, {"address": f"signup:{address}"})
                taken = _pending.delete().where(mine).returning(*_pending.c)
                row = (await conn.execute(taken)).first()
                if row is None or row.expires_at <= now:
                    return None
                new = NewUser(
                    id=user_id,
                    email=row.email,
                    display_name=row.display_name,
                    role=RoleName(row.role),
                    timezone=row.timezone,
                    password_hash=row.password_hash,
                    created_at=now,
                )
                created = (
                    await conn.execute(insert(_users).values(**_row(new)).returning(*_PUBLIC))
                ).one()
                same_address = func.lower(_pending.c.email) == func.lower(row.email)
                await conn.execute(_pending.delete().where(same_address))
        except IntegrityError as exc:
            if _is_email_conflict(exc):
                raise Conflict(
                    "this address already has an account: sign in instead", field="token"
                ) from None
            raise
        return _record(created)

    async def page(self, *, after: tuple[datetime, str] | None, limit: int) -> list[UserRecord]:
        """Up to `limit` users after the (created_at, id) key, in that order."""
        stmt = select(*_PUBLIC).order_by(_users.c.created_at, _users.c.id).limit(limit)
        if after is not None:
            stmt = stmt.where(tuple_(_users.c.created_at, _users.c.id) > tuple_(*after))
        async with self._deadline(), self.engine.connect() as conn:
            rows = (await conn.execute(stmt)).all()
        return [_record(row) for row in rows]

    async def count(self) -> int:
        async with self._deadline(), self.engine.connect() as conn:
            total = await conn.scalar(select(func.count()).select_from(_users))
        return int(total or 0)

    async def replace_all(self, users: Iterable[NewUser]) -> int:
        """Delete every user and bulk-insert `users` in one transaction (the seed's reset)."""
        rows = [_row(u) for u in users]
        async with self.engine.begin() as conn:
            await conn.execute(text("TRUNCATE TABLE users, pending_signups"))
            if rows:
                await conn.execute(insert(_users), rows)
        return len(rows)


def _row(new: NewUser) -> dict[str, object]:
    return {
        "id": new.id,
        "email": new.email,
        "display_name": new.display_name,
        "role": new.role.value,
        "timezone": new.timezone,
        "password_hash": new.password_hash,
        "created_at": new.created_at,
    }
