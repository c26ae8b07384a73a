"""Command line of the reviews subgraph: migrate, seed, serve, sdl."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m subgraphs.reviews")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="create the collection's indexes (idempotent)")
    commands.add_parser("seed", help="migrate, drop all reviews and load the seed data")
    serve = commands.add_parser("serve", help="serve the subgraph with uvicorn")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=4003)
    commands.add_parser("sdl", help="print the federation SDL")
    args = parser.parse_args(argv)

    match args.command:
        case "migrate":
            from subgraphs.reviews.seed import migrate

            asyncio.run(migrate())
            print("reviews: indexes ready")
        case "seed":
            from subgraphs.reviews.seed import seed

            count = asyncio.run(seed())
            print(f"reviews: seeded {count} reviews")
        case "serve":
            import uvicorn

            from subgraphs.reviews.app import build_app

            uvicorn.run(build_app(), host=args.host, port=args.port, log_level="info")
        case "sdl":
            from subgraphs.reviews.schema import sdl

            sys.stdout.write(sdl() + "\n")
        case _:  # argparse allows only the commands above
            parser.error(f"unknown command {args.command!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
