"""Alembic migrations of the learning database, run through the kit's runner at startup."""

from pathlib import Path

from shared.subgraph.migrations import AlembicMigrations

__all__ = ["MIGRATIONS", "alembic_config", "migrate", "upgrade_connection"]

# Any constant works; it only has to be the same for every process migrating this database.
MIGRATIONS = AlembicMigrations(directory=Path(__file__).resolve().parent, lock_key=0x1EA_4A11)
alembic_config = MIGRATIONS.config
upgrade_connection = MIGRATIONS.upgrade_connection
migrate = MIGRATIONS.migrate
