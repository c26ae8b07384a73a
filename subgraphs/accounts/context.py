"""What every resolver of accounts sees: the store, the viewer, per-request loaders, settings."""

from __future__ import annotations

from dataclasses import dataclass

import strawberry
from starlette.requests import Request

from shared.auth import Viewer
from shared.subgraph import ContextFactory
from subgraphs.accounts.loaders import UserLoader, user_loader
from subgraphs.accounts.mail import DirectoryMailer, Mailer, UndeliveredMailer
from subgraphs.accounts.settings import Settings
from subgraphs.accounts.store import AccountsStore

__all__ = ["AccountsContext", "Info", "context_factory", "mailer_for", "make_context"]


@dataclass(frozen=True, slots=True, kw_only=True)
class AccountsContext:
    store: AccountsStore
    settings: Settings
    viewer: Viewer | None
    users: UserLoader
    mailer: Mailer


Info = strawberry.Info[AccountsContext, None]


def mailer_for(settings: Settings) -> Mailer:
    """Mail goes to files in `ACCOUNTS_MAIL_DIR`; without it, nowhere (and the log says so)."""
    if settings.mail_dir is None:
        return UndeliveredMailer()
    return DirectoryMailer(settings.mail_dir)


def make_context(
    store: AccountsStore,
    settings: Settings,
    viewer: Viewer | None = None,
    *,
    mailer: Mailer | None = None,
) -> AccountsContext:
    """A fresh context, so fresh loaders: no cached user outlives its request."""
    return AccountsContext(
        store=store,
        settings=settings,
        viewer=viewer,
        users=user_loader(store),
        mailer=mailer or mailer_for(settings),
    )


def context_factory(store: AccountsStore, settings: Settings) -> ContextFactory:
    mailer = mailer_for(settings)

    async def factory(_: Request, viewer: Viewer | None) -> AccountsContext:
        return make_context(store, settings, viewer, mailer=mailer)

    return factory
