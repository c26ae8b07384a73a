"""Alembic migrations of the registry's database, run through the shared runner at startup."""

from pathlib import Path

from shared.subgraph.migrations import AlembicMigrations

__all__ = ["MIGRATIONS", "migrate"]

# Any constant works; it only has to be the same for every process migrating this database.
MIGRATIONS = AlembicMigrations(directory=Path(__file__).resolve().parent, lock_key=0x2E6_1577)
migrate = MIGRATIONS.migrate
