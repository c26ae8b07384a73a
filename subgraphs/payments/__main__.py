"""Command line: `python -m subgraphs.payments migrate | seed | serve | sdl`."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from shared.subgraph import SubgraphCommands, run_cli
from subgraphs.payments.settings import Settings

_DEFAULT_PORT = 4005


async def _migrate() -> str:
    from subgraphs.payments.store import Store

    store = Store.connect(Settings.from_env())
    try:
        await store.migrate()
    finally:
        await store.close()
    return "payments: database at head"


async def _seed() -> str:
    from subgraphs.payments.seed import seed
    from subgraphs.payments.store import Store

    store = Store.connect(Settings.from_env())
    try:
        counts = await seed(store)
    finally:
        await store.close()
    return f"payments: seeded {counts.payments} payments ({counts.refunded} refunded)"


async def _stored() -> str | None:
    from subgraphs.payments.store import Store

    store = Store.connect(Settings.from_env())
    try:
        await store.migrate()
        count = await store.count()
    finally:
        await store.close()
    return f"{count} payments" if count else None


def _app() -> object:
    from subgraphs.payments.app import build_app

    return build_app()


def _sdl() -> str:
    from subgraphs.payments.schema import sdl

    return sdl()


COMMANDS = SubgraphCommands(
    name="payments",
    port=_DEFAULT_PORT,
    migrate=_migrate,
    seed=_seed,
    stored=_stored,
    app=_app,
    sdl=_sdl,
    migrate_help="apply the database migrations",
)


def main(argv: Sequence[str] | None = None) -> int:
    return run_cli(COMMANDS, argv)


if __name__ == "__main__":
    sys.exit(main())
