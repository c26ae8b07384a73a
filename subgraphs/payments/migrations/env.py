"""Alembic environment of the payments database
(the kit's `run_environment`: the runner's connection,
else `sqlalchemy.url` or `PAYMENTS_DATABASE_URL` for the Alembic command line)."""

from shared.subgraph.migrations import run_environment

run_environment("PAYMENTS_DATABASE_URL")
