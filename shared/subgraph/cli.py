"""The command line every subgraph offers: `python -m subgraphs.<name> migrate|seed|serve|sdl`.

`seed` resets the subgraph's store to the seed data; `seed --if-empty` loads the seed only into
an empty store and otherwise says what it kept, which is what `task up` runs at every start.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["SubgraphCommands", "run_cli"]


@dataclass(frozen=True, slots=True, kw_only=True)
class SubgraphCommands:
    """What one subgraph does for each command; imports stay lazy inside the callables."""

    name: str
    port: int
    migrate: Callable[[], Coroutine[Any, Any, str]]  # returns the line to print
    seed: Callable[[], Coroutine[Any, Any, str]]
    # Migrates, then describes what the store holds ("1003 users"), or None when it is empty.
    stored: Callable[[], Coroutine[Any, Any, str | None]]
    app: Callable[[], Any]  # builds the ASGI app from the environment
    sdl: Callable[[], str]
    migrate_help: str = "bring the store's schema (tables, indexes) up to date"
    seed_help: str = "migrate, delete this subgraph's data and load the seed"


def run_cli(commands: SubgraphCommands, argv: Sequence[str] | None = None) -> int:
    """Run one command; configuration problems exit 2 with a one-line message, no trace."""
    parser = argparse.ArgumentParser(prog=f"python -m subgraphs.{commands.name}")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help=commands.migrate_help)
    seed = sub.add_parser("seed", help=commands.seed_help)
    seed.add_argument(
        "--if-empty",
        action="store_true",
        help="seed only an empty store; keep (and report) data already stored",
    )
    serve = sub.add_parser("serve", help="serve GraphQL at /graphql with uvicorn")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=commands.port)
    sub.add_parser("sdl", help="print the federation SDL")
    args = parser.parse_args(argv)
    try:
        match args.command:
            case "migrate":
                print(asyncio.run(commands.migrate()))
            case "seed":
                kept = asyncio.run(commands.stored()) if args.if_empty else None
                print(f"{commands.name}: kept {kept}" if kept else asyncio.run(commands.seed()))
            case "serve":
                import uvicorn

                app = commands.app()
                uvicorn.run(app, host=args.host, port=args.port, log_level="info")
            case "sdl":
                text = commands.sdl()
                sys.stdout.write(text if text.endswith("\n") else text + "\n")
            case _:
                parser.error(f"unknown command {args.command}")
    except RuntimeError as exc:  # missing or invalid configuration (env vars, secrets)
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0
