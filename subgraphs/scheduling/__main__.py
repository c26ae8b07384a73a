"""Command line: `python -m subgraphs.scheduling migrate | seed | serve | sdl`."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from shared.subgraph import SubgraphCommands, run_cli
from subgraphs.scheduling.settings import Settings

_DEFAULT_PORT = 4004


async def _migrate() -> str:
    from subgraphs.scheduling.store import Store

    store = Store.connect(Settings.from_env())
    try:
        await store.migrate()
    finally:
        await store.close()
    return "scheduling: database at head"


async def _seed() -> str:
    from subgraphs.scheduling.seed import seed
    from subgraphs.scheduling.store import Store

    store = Store.connect(Settings.from_env())
    try:
        counts = await seed(store)
    finally:
        await store.close()
    return f"scheduling: seeded {counts.rules} availability rules and {counts.bookings} bookings"


async def _stored() -> str | None:
    from subgraphs.scheduling.store import Store

    store = Store.connect(Settings.from_env())
    try:
        await store.migrate()
        rules, bookings = await store.counts()
    finally:
        await store.close()
    if not rules and not bookings:
        return None
    return f"{rules} availability rules and {bookings} bookings"


def _app() -> object:
    from subgraphs.scheduling.app import build_app

    return build_app()


def _sdl() -> str:
    from subgraphs.scheduling.schema import sdl

    return sdl()


COMMANDS = SubgraphCommands(
    name="scheduling",
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
