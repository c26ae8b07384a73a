"""Command line: `python -m subgraphs.learning migrate | seed | serve | sdl`."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from shared.subgraph import SubgraphCommands, run_cli
from subgraphs.learning.settings import Settings

_DEFAULT_PORT = 4006


async def _migrate() -> str:
    from subgraphs.learning.store import Store

    store = Store.connect(Settings.from_env())
    try:
        await store.migrate()
    finally:
        await store.close()
    return "learning: database at head"


async def _seed() -> str:
    from subgraphs.learning.seed import seed
    from subgraphs.learning.store import Store

    store = Store.connect(Settings.from_env())
    try:
        counts = await seed(store)
    finally:
        await store.close()
    return (
        f"learning: seeded {counts.courses} courses, {counts.lessons} lessons and "
        f"{counts.enrollments} enrollments"
    )


async def _stored() -> str | None:
    from subgraphs.learning.store import Store

    store = Store.connect(Settings.from_env())
    try:
        await store.migrate()
        courses, lessons, enrollments = await store.counts()
    finally:
        await store.close()
    if not courses and not enrollments:
        return None
    return f"{courses} courses, {lessons} lessons and {enrollments} enrollments"


def _app() -> object:
    from subgraphs.learning.app import build_app

    return build_app()


def _sdl() -> str:
    from subgraphs.learning.schema import sdl

    return sdl()


COMMANDS = SubgraphCommands(
    name="learning",
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
