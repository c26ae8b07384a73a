"""Command line: `python -m subgraphs.tutors migrate | seed | serve | sdl`."""

from __future__ import annotations

import argparse
import asyncio
import sys

from subgraphs.tutors.settings import Settings

_DEFAULT_PORT = 4002


async def _migrate() -> None:
    from subgraphs.tutors.migrations import migrate
    from subgraphs.tutors.store import TutorStore

    store = await TutorStore.open(Settings.from_env())
    try:
        await migrate(store)
    finally:
        await store.close()


async def _seed() -> None:
    from subgraphs.tutors.catalog import SUBJECTS
    from subgraphs.tutors.seed import profiles, seed
    from subgraphs.tutors.store import TutorStore

    store = await TutorStore.open(Settings.from_env())
    try:
        await seed(store)
    finally:
        await store.close()
    print(f"seeded {len(SUBJECTS)} subjects and {len(profiles())} tutors")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m subgraphs.tutors")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="create the graph indexes that are missing")
    commands.add_parser("seed", help="migrate, wipe this subgraph's nodes and load the seed")
    serve = commands.add_parser("serve", help="serve the subgraph with uvicorn")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=_DEFAULT_PORT)
    commands.add_parser("sdl", help="print the federation SDL")
    args = parser.parse_args(argv)
    match args.command:
        case "migrate":
            asyncio.run(_migrate())
        case "seed":
            asyncio.run(_seed())
        case "serve":
            import uvicorn

            from subgraphs.tutors.app import build_app

            uvicorn.run(build_app(), host=args.host, port=args.port, log_level="info")
        case "sdl":
            from subgraphs.tutors.sdl import sdl

            sys.stdout.write(sdl())
        case _:
            parser.error(f"unknown command {args.command}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
