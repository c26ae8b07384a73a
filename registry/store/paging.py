"""Keyset paging of the store's newest-first lists (versions, compositions, checks) by row id."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

__all__ = ["newest_first"]


async def newest_first(
    conn: AsyncConnection,
    query: sa.Select[Any],
    key: sa.ColumnElement[Any],
    *,
    limit: int,
    before: int | None = None,
    after: int | None = None,
) -> list[Any]:
    """The rows of `query` with `key` below `before` and above `after`, newest (highest key)
    first: the `limit` newest of them, or with `after` the `limit` just above it, so that a
    page can be walked towards the newer end as well as the older one."""
    if before is not None:
        query = query.where(key < before)
    if after is None:
        return list((await conn.execute(query.order_by(key.desc()).limit(limit))).all())
    query = query.where(key > after)
    rows = (await conn.execute(query.order_by(key.asc()).limit(limit))).all()
    return list(reversed(rows))
