"""Alembic migrations of the accounts database, run programmatically (no alembic.ini)."""

from subgraphs.accounts.migrations.runner import alembic_config, migrate, upgrade_connection

__all__ = ["alembic_config", "migrate", "upgrade_connection"]
