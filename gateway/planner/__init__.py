"""The planner stage: a client operation and a supergraph → a `QueryPlan` of subgraph fetches."""

from gateway.planner.context import PlanningError
from gateway.planner.planner import QueryPlanner

__all__ = ["PlanningError", "QueryPlanner"]
