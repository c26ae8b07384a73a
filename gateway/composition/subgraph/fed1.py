"""Upgrading a Federation 1 subgraph to Federation 2 semantics, as Apollo's composition does."""

from __future__ import annotations

from gateway.composition.subgraph.model import Subgraph

__all__ = ["upgrade_fed1"]


def upgrade_fed1(subgraph: Subgraph, all_subgraphs: list[Subgraph]) -> Subgraph:
    return subgraph
