"""Alembic environment of the registry's database
(the kit's `run_environment`: the runner's connection,
else `sqlalchemy.url` or `REGISTRY_DATABASE_URL` for the Alembic command line)."""

from shared.subgraph.migrations import run_environment

run_environment("REGISTRY_DATABASE_URL")
