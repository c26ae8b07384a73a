"""`python -m subgraphs.accounts {migrate,seed,serve,sdl}`: operate the accounts subgraph."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from shared.subgraph import SubgraphCommands, run_cli
from subgraphs.accounts.settings import database_url, store_timeouts

DEFAULT_PORT = 4001


async def _migrate() -> str:
    from subgraphs.accounts.store import AccountsStore

    store = AccountsStore.connect(database_url(), store_timeouts())
    try:
        await store.migrate()
    finally:
        await store.close()
    return "accounts: database at head"


async def _seed() -> str:
    from subgraphs.accounts.seed import seed
    from subgraphs.accounts.store import AccountsStore

    store = AccountsStore.connect(database_url(), store_timeouts())
    try:
        count = await seed(store)
    finally:
        await store.close()
    return f"accounts: seeded {count} users"


async def _stored() -> str | None:
    from subgraphs.accounts.store import AccountsStore

    store = AccountsStore.connect(database_url(), store_timeouts())
    try:
        await store.migrate()
        count = await store.count()
    finally:
        await store.close()
    return f"{count} users" if count else None


def _app() -> object:
    from subgraphs.accounts.app import build_app

    return build_app()


def _sdl() -> str:
    from subgraphs.accounts.schema import sdl

    return sdl()


COMMANDS = SubgraphCommands(
    name="accounts",
    port=DEFAULT_PORT,
    migrate=_migrate,
    seed=_seed,
    stored=_stored,
    app=_app,
    sdl=_sdl,
    migrate_help="upgrade the database to the latest migration",
    seed_help="migrate, delete all users and load the seed users",
)


def main(argv: Sequence[str] | None = None) -> int:
    return run_cli(COMMANDS, argv)


if __name__ == "__main__":
    sys.exit(main())
