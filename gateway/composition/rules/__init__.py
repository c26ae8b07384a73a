"""Validation rules, one module per Apollo error code, grouped by when they run."""

from __future__ import annotations

from gateway.composition.errors import CompositionError
from gateway.composition.merge.state import MergeState
from gateway.composition.subgraph.metadata import Metadata
from gateway.composition.subgraph.model import Subgraph

__all__ = ["run_metadata_rules", "run_post_merge_rules", "run_subgraph_rules"]


def run_subgraph_rules(subgraph: Subgraph, version_text: str | None) -> list[CompositionError]:
    """Rules on one subgraph as written (before the Federation 1 upgrade)."""
    from gateway.composition.rules import (
        directive_arguments,
        invalid_graphql,
        invalid_link_directive_usage,
        unknown_federation_link_version,
    )

    errors = unknown_federation_link_version.check(subgraph, version_text)
    errors = errors or invalid_link_directive_usage.check(subgraph)
    return errors or invalid_graphql.check(subgraph) + directive_arguments.check(subgraph)


def run_metadata_rules(subgraph: Subgraph, meta: Metadata) -> list[CompositionError]:
    """Rules on one (upgraded) subgraph that need its federation metadata."""
    from gateway.composition.rules import (
        context_not_set,
        external_unused,
        interface_key_not_on_implementation,
        key_fields_has_args,
        key_fields_select_invalid_type,
        key_invalid_fields,
        provides_fields_has_args,
        provides_fields_missing_external,
        provides_invalid_fields,
        requires_fields_missing_external,
        requires_invalid_fields,
    )

    errors: list[CompositionError] = []
    for rule in (
        key_invalid_fields,
        key_fields_select_invalid_type,
        key_fields_has_args,
        provides_invalid_fields,
        provides_fields_has_args,
        provides_fields_missing_external,
        requires_invalid_fields,
        requires_fields_missing_external,
        external_unused,
        interface_key_not_on_implementation,
        context_not_set,
    ):
        errors += rule.check(subgraph, meta)
    return errors


def run_post_merge_rules(state: MergeState) -> None:
    """Rules on the merged schema (inaccessible references, satisfiability)."""
    from gateway.composition.rules import (
        missing_transitive_auth_requirements,
        referenced_inaccessible,
        requires_arguments,
        satisfiability_error,
    )

    requires_arguments.check(state)
    missing_transitive_auth_requirements.check(state)
    referenced_inaccessible.check(state)
    if not state.errors:
        satisfiability_error.check(state)
