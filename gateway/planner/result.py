"""`PlanningFailure`: an operation the planner cannot plan, returned as a value."""

from __future__ import annotations

from dataclasses import dataclass

from gateway.plan import QueryPlan

__all__ = ["PlanResult", "PlanningFailure"]


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanningFailure:
    """Why the operation cannot be planned against this supergraph (for the log, not clients:
    a validated operation that cannot be planned is a composition or planner bug)."""

    message: str


PlanResult = QueryPlan | PlanningFailure
