"""What every resolver of accounts sees: the store, the viewer, per-request loaders, settings."""

from __future__ import annotations

from dataclasses import dataclass

import strawberry
from starlette.requests import Request

from shared.auth import Viewer
from shared.subgraph import ContextFactory
from subgraphs.accounts.loaders import UserLoader, user_loader
from subgraphs.accounts.settings import Settings
from subgraphs.accounts.store import AccountsStore

__all__ = ["AccountsContext", "Info", "context_factory", "make_context"]


@dataclass(frozen=True, slots=True, kw_only=True)
class AccountsContext:
    store: AccountsStore
    settings: Settings
    viewer: Viewer | None
    users: UserLoader


Info = strawberry.Info[AccountsContext, None]


def make_context(
    store: AccountsStore, settings: Settings, viewer: Viewer | None = None
) -> AccountsContext:
    """A fresh context, so fresh loaders: no cached user outlives its request."""
    return AccountsContext(store=store, settings=settings, viewer=viewer, users=user_loader(store))


def context_factory(store: AccountsStore, settings: Settings) -> ContextFactory:
    async def factory(_: Request, viewer: Viewer | None) -> AccountsContext:
        return make_context(store, settings, viewer)

    return factory
