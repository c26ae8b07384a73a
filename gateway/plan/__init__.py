"""Query plans as frozen data (see `nodes`)."""

from gateway.plan.nodes import (
    ConditionNode,
    FetchNode,
    FetchRewrite,
    FlattenNode,
    ParallelNode,
    PlanNode,
    QueryPlan,
    RequiresField,
    RequiresInlineFragment,
    RequiresSelection,
    SequenceNode,
)
from gateway.plan.printer import print_plan

__all__ = [
    "ConditionNode",
    "FetchNode",
    "FetchRewrite",
    "FlattenNode",
    "ParallelNode",
    "PlanNode",
    "QueryPlan",
    "RequiresField",
    "RequiresInlineFragment",
    "RequiresSelection",
    "SequenceNode",
    "print_plan",
]
