"""Command line: `python -m subgraphs.tutors migrate | seed | serve | sdl`."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from shared.subgraph import SubgraphCommands, run_cli
from subgraphs.tutors.settings import Settings

_DEFAULT_PORT = 4002


async def _migrate() -> str:
    from subgraphs.tutors.store import TutorStore

    store = await TutorStore.open(Settings.from_env())
    try:
        await store.migrate()
    finally:
        await store.close()
    return "tutors: indexes ready"


async def _seed() -> str:
    from subgraphs.tutors.catalog import SUBJECTS
    from subgraphs.tutors.seed import profiles, seed
    from subgraphs.tutors.store import TutorStore

    store = await TutorStore.open(Settings.from_env())
    try:
        await seed(store)
    finally:
        await store.close()
    return f"tutors: seeded {len(SUBJECTS)} subjects and {len(profiles())} tutors"


async def _stored() -> str | None:
    from subgraphs.tutors.store import TutorStore

    store = await TutorStore.open(Settings.from_env())
    try:
        await store.migrate()
        subjects, tutors = await store.count_nodes()
    finally:
        await store.close()
    return f"{subjects} subjects and {tutors} tutors" if subjects or tutors else None


def _app() -> object:
    from subgraphs.tutors.app import build_app

    return build_app()


def _sdl() -> str:
    from subgraphs.tutors.sdl import sdl

    return sdl()


COMMANDS = SubgraphCommands(
    name="tutors",
    port=_DEFAULT_PORT,
    migrate=_migrate,
    seed=_seed,
    stored=_stored,
    app=_app,
    sdl=_sdl,
    migrate_help="create the graph indexes that are missing",
    seed_help="migrate, wipe this subgraph's nodes and load the seed",
)


def main(argv: Sequence[str] | None = None) -> int:
    return run_cli(COMMANDS, argv)


if __name__ == "__main__":
    sys.exit(main())
