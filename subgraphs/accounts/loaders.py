"""Per-request DataLoaders: every user lookup by id, entity references included, is batched."""

from __future__ import annotations

from typing import Protocol

from strawberry.dataloader import DataLoader

from shared.subgraph.loaders import batched
from subgraphs.accounts.records import UserRecord

__all__ = ["UserLoader", "UsersById", "user_loader"]

UserLoader = DataLoader[str, UserRecord | None]


class UsersById(Protocol):
    async def users_by_ids(self, ids: list[str]) -> dict[str, UserRecord]: ...


def user_loader(store: UsersById) -> UserLoader:
    """One store query per batch of ids; answers in key order, None for unknown ids."""
    return batched(store.users_by_ids, missing=None)
