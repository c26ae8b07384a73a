"""Fixtures of the accounts tests: a migrated, freshly seeded database and a GraphQL runner."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from strawberry.types import ExecutionResult

from shared.auth import Viewer
from shared.seed import SEED_PASSWORD
from shared.stores import StoreUrls
from subgraphs.accounts.context import make_context
from subgraphs.accounts.mail import DirectoryMailer
from subgraphs.accounts.passwords import hash_password
from subgraphs.accounts.schema import schema
from subgraphs.accounts.seed import seed_users
from subgraphs.accounts.settings import Settings, load_settings
from subgraphs.accounts.store import AccountsStore
from tests.subgraphs.accounts.helpers import Run


@pytest.fixture(scope="session")
def settings(stores: StoreUrls, jwt_secret: str) -> Settings:
    assert os.environ["ACCOUNTS_DATABASE_URL"] == stores.postgres_url("accounts")
    return load_settings()


@pytest.fixture(scope="session")
async def session_store(settings: Settings) -> AsyncIterator[AccountsStore]:
    store = AccountsStore.connect(settings.database_url)
    await store.migrate()
    try:
        yield store
    finally:
        await store.close()


@pytest.fixture(scope="session")
async def seed_hash() -> str:
    """The seed password's hash, made once per session (Argon2 is slow on purpose)."""
    return await hash_password(SEED_PASSWORD)


@pytest.fixture
async def store(session_store: AccountsStore, seed_hash: str) -> AccountsStore:
    """The store with exactly the seed users in it, whatever earlier tests wrote."""
    await session_store.replace_all(seed_users(seed_hash))
    return session_store


@pytest.fixture
def mailbox(tmp_path: Path) -> Path:
    """Where this test's mail goes (read it with `subgraphs.accounts.mail.read_mailbox`)."""
    return tmp_path / "mail"


@pytest.fixture
def run(store: AccountsStore, settings: Settings, mailbox: Path) -> Run:
    """Execute an operation against the accounts schema, as `viewer` if given."""
    mailer = DirectoryMailer(mailbox)

    async def execute(
        query: str, variables: dict[str, Any] | None = None, *, viewer: Viewer | None = None
    ) -> ExecutionResult:
        context = make_context(store, settings, viewer, mailer=mailer)
        return await schema.execute(query, variable_values=variables, context_value=context)

    return execute
