"""PROVIDES_FIELDS_HAS_ARGS: one of the field-set problems found by `fieldset_checks`."""

from __future__ import annotations

from gateway.composition.errors import CompositionError
from gateway.composition.rules.fieldset_checks import field_set_issues
from gateway.composition.subgraph.metadata import Metadata
from gateway.composition.subgraph.model import Subgraph

__all__ = ["CODE", "check"]

CODE = "PROVIDES_FIELDS_HAS_ARGS"


def check(subgraph: Subgraph, meta: Metadata) -> list[CompositionError]:
    return [i.error for i in field_set_issues(subgraph, meta) if i.code == CODE]
