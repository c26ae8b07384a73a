"""Schema changes: two GraphQL schemas (or SDL texts) to the list of their differences, each
classified BREAKING, DANGEROUS or SAFE as graphql-inspector's `diff` classifies it.

`diff_sdl` raises `InvalidSchemaError` (a `ValueError`) when a side does not parse or build;
`diff_schemas` takes built schemas and does not raise.
"""

from registry.changes.model import Change, ChangeType, Criticality, changes_json
from registry.changes.schema import diff_schemas
from registry.changes.sdl import InvalidSchemaError, build_sdl, diff_sdl

__all__ = [
    "Change",
    "ChangeType",
    "Criticality",
    "InvalidSchemaError",
    "build_sdl",
    "changes_json",
    "diff_schemas",
    "diff_sdl",
]
