"""Command line of the reviews subgraph: migrate, seed, serve, sdl."""

from __future__ import annotations

from collections.abc import Sequence

from shared.subgraph import SubgraphCommands, run_cli

__all__ = ["main"]


async def _migrate() -> str:
    from subgraphs.reviews.seed import migrate

    await migrate()
    return "reviews: indexes ready"


async def _seed() -> str:
    from subgraphs.reviews.seed import seed

    return f"reviews: seeded {await seed()} reviews"


async def _stored() -> str | None:
    from subgraphs.reviews.seed import stored

    count = await stored()
    return f"{count} reviews" if count else None


def _app() -> object:
    from subgraphs.reviews.app import build_app

    return build_app()


def _sdl() -> str:
    from subgraphs.reviews.schema import sdl

    return sdl()


COMMANDS = SubgraphCommands(
    name="reviews",
    port=4003,
    migrate=_migrate,
    seed=_seed,
    stored=_stored,
    app=_app,
    sdl=_sdl,
    migrate_help="backfill older documents and create the collection's indexes (idempotent)",
    seed_help="migrate, drop all reviews and load the seed data",
)


def main(argv: Sequence[str] | None = None) -> int:
    return run_cli(COMMANDS, argv)


if __name__ == "__main__":
    raise SystemExit(main())
