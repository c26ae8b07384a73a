"""SATISFIABILITY_ERROR: a supergraph field that no chain of subgraph fetches can resolve."""

from __future__ import annotations

from gateway.composition.merge.state import MergeState
from gateway.composition.satisfiability.walk import check_satisfiability

__all__ = ["CODE", "check"]

CODE = "SATISFIABILITY_ERROR"


def check(state: MergeState) -> None:
    errors, hints = check_satisfiability(state.schema, state.sgs, state.metas)
    state.errors.extend(errors)
    state.hints.extend(hints)
