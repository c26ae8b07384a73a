"""The kit's Alembic runner: configuration in code, the same for every PostgreSQL subgraph."""

from __future__ import annotations

from pathlib import Path

from alembic.script import ScriptDirectory

from subgraphs.accounts.migrations import MIGRATIONS as ACCOUNTS
from subgraphs.scheduling.migrations import MIGRATIONS as SCHEDULING


def test_config_points_at_the_package_whatever_the_working_directory() -> None:
    for migrations in (ACCOUNTS, SCHEDULING):
        config = migrations.config("postgresql+asyncpg://u:p%40ss@h/db")
        assert config.config_file_name is None
        assert Path(config.get_main_option("script_location") or "") == migrations.directory
        # A percent sign in a password survives configparser's interpolation.
        assert config.get_main_option("sqlalchemy.url") == "postgresql+asyncpg://u:p%40ss@h/db"
        assert ScriptDirectory.from_config(config).get_current_head() is not None


def test_each_database_has_its_own_lock() -> None:
    assert ACCOUNTS.lock_key != SCHEDULING.lock_key


def test_a_connection_is_handed_to_env_py() -> None:
    marker = object()
    config = SCHEDULING.config(connection=marker)  # type: ignore[arg-type]
    assert config.attributes["connection"] is marker
