"""Operation limits: depth, aliases, root fields and the estimated cost (`@cost`, `@listSize`).

The document size and token limits apply earlier, at parse time
(`gateway.operation.documents.DocumentCache`).
"""

from gateway.policy.limits.cost import MUTATION_BASE_COST, CostModel
from gateway.policy.limits.directives import CostDirectives, ListSizeSpec, read_cost_directives
from gateway.policy.limits.errors import (
    COST_ESTIMATED_TOO_EXPENSIVE,
    COST_QUERY_PARSE_FAILURE,
    MAX_ALIASES_EXCEEDED,
    MAX_DEPTH_EXCEEDED,
    MAX_ROOT_FIELDS_EXCEEDED,
)
from gateway.policy.limits.limiter import OperationLimiter
from gateway.policy.limits.plan import CostPlan, SlicingRefused
from gateway.policy.limits.structure import Structure, measure

__all__ = [
    "COST_ESTIMATED_TOO_EXPENSIVE",
    "COST_QUERY_PARSE_FAILURE",
    "MAX_ALIASES_EXCEEDED",
    "MAX_DEPTH_EXCEEDED",
    "MAX_ROOT_FIELDS_EXCEEDED",
    "MUTATION_BASE_COST",
    "CostDirectives",
    "CostModel",
    "CostPlan",
    "ListSizeSpec",
    "OperationLimiter",
    "SlicingRefused",
    "Structure",
    "measure",
    "read_cost_directives",
]
