"""Alembic environment of the learning database
(the kit's `run_environment`: the runner's connection,
else `sqlalchemy.url` or `LEARNING_DATABASE_URL` for the Alembic command line)."""

from shared.subgraph.migrations import run_environment

run_environment("LEARNING_DATABASE_URL")
