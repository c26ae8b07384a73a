"""Alembic environment of the scheduling database
(the kit's `run_environment`: the runner's connection,
else `sqlalchemy.url` or `SCHEDULING_DATABASE_URL` for the Alembic command line)."""

from shared.subgraph.migrations import run_environment

run_environment("SCHEDULING_DATABASE_URL")
