"""Command line: `python -m subgraphs.scheduling migrate | seed | serve | sdl`."""

from __future__ import annotations

import argparse
import asyncio
import sys

from subgraphs.scheduling.settings import Settings

_DEFAULT_PORT = 4004


async def _migrate() -> None:
    from subgraphs.scheduling.store import Store

    store = Store.connect(Settings.from_env())
    try:
        await store.migrate()
    finally:
        await store.close()


async def _seed() -> None:
    from subgraphs.scheduling.seed import seed
    from subgraphs.scheduling.store import Store

    store = Store.connect(Settings.from_env())
    try:
        counts = await seed(store)
    finally:
        await store.close()
    print(f"seeded {counts.rules} availability rules and {counts.bookings} bookings")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m subgraphs.scheduling")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="apply the database migrations")
    commands.add_parser("seed", help="migrate, wipe this subgraph's data and load the seed")
    serve = commands.add_parser("serve", help="serve the subgraph with uvicorn")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=_DEFAULT_PORT)
    commands.add_parser("sdl", help="print the federation SDL")
    args = parser.parse_args(argv)
    if args.command != "sdl":
        try:
            Settings.from_env()
        except RuntimeError as error:
            parser.exit(2, f"error: {error}\n")
    match args.command:
        case "migrate":
            asyncio.run(_migrate())
        case "seed":
            asyncio.run(_seed())
        case "serve":
            import uvicorn

            from subgraphs.scheduling.app import build_app

            try:
                app = build_app()
            except RuntimeError as error:  # JWT_SECRET missing or too short
                parser.exit(2, f"error: {error}\n")
            uvicorn.run(app, host=args.host, port=args.port, log_level="info")
        case "sdl":
            from subgraphs.scheduling.schema import sdl

            sys.stdout.write(sdl())
        case _:
            parser.error(f"unknown command {args.command}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
