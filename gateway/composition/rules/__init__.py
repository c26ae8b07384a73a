"""Validation rules, one module per Apollo error code, grouped by when they run."""

from __future__ import annotations

from gateway.composition.errors import CompositionError
from gateway.composition.merge.state import MergeState
from gateway.composition.subgraph.metadata import Metadata
from gateway.composition.subgraph.model import Subgraph

__all__ = ["run_metadata_rules", "run_post_merge_rules", "run_subgraph_rules"]


def run_subgraph_rules(subgraph: Subgraph, version_text: str | None) -> list[CompositionError]:
    """Rules on one subgraph as written (before the Federation 1 upgrade)."""
    from gateway.composition.rules import unknown_federation_link_version

    return unknown_federation_link_version.check(subgraph, version_text)


def run_metadata_rules(subgraph: Subgraph, meta: Metadata) -> list[CompositionError]:
    """Rules on one (upgraded) subgraph that need its federation metadata."""
    return []


def run_post_merge_rules(state: MergeState) -> None:
    """Rules on the merged schema (inaccessible references, satisfiability)."""
