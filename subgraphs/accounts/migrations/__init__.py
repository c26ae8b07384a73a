"""Alembic migrations of the accounts database, run through the kit's runner (no alembic.ini)."""

from pathlib import Path

from shared.subgraph.migrations import AlembicMigrations

__all__ = ["MIGRATIONS", "alembic_config", "migrate", "upgrade_connection"]

# Any fixed number works; it only has to be the same for every accounts process.
MIGRATIONS = AlembicMigrations(directory=Path(__file__).resolve().parent, lock_key=0x41CC_0017)
alembic_config = MIGRATIONS.config
upgrade_connection = MIGRATIONS.upgrade_connection
migrate = MIGRATIONS.migrate
