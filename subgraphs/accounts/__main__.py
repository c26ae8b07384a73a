"""`python -m subgraphs.accounts {migrate,seed,serve,sdl}`: operate the accounts subgraph."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence

from subgraphs.accounts.settings import database_url

DEFAULT_PORT = 4001


async def _migrate() -> None:
    from subgraphs.accounts.store import AccountsStore

    store = AccountsStore.connect(database_url())
    try:
        await store.migrate()
    finally:
        await store.close()


async def _seed() -> int:
    from subgraphs.accounts.seed import seed
    from subgraphs.accounts.store import AccountsStore

    store = AccountsStore.connect(database_url())
    try:
        return await seed(store)
    finally:
        await store.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m subgraphs.accounts")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="upgrade the database to the latest migration")
    commands.add_parser("seed", help="migrate, delete all users and load the seed users")
    serve = commands.add_parser("serve", help="serve GraphQL at /graphql with uvicorn")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT)
    commands.add_parser("sdl", help="print the federation SDL")
    args = parser.parse_args(argv)
    try:
        match args.command:
            case "migrate":
                asyncio.run(_migrate())
                print("accounts: database at head")
            case "seed":
                count = asyncio.run(_seed())
                print(f"accounts: seeded {count} users")
            case "serve":
                import uvicorn

                from subgraphs.accounts.app import build_app

                uvicorn.run(build_app(), host=args.host, port=args.port, log_level="info")
            case "sdl":
                from subgraphs.accounts.schema import sdl

                sys.stdout.write(sdl())
            case _:
                parser.error(f"unknown command {args.command}")
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
