"""Operation limits: depth, aliases, root fields and the estimated cost (`@cost`, `@listSize`).

The document size and token limits apply earlier, at parse time
(`gateway.request.documents.DocumentCache`).
"""

from gateway.limits.cost import MUTATION_BASE_COST, CostModel
from gateway.limits.directives import CostDirectives, ListSizeSpec, read_cost_directives
from gateway.limits.errors import (
    COST_ESTIMATED_TOO_EXPENSIVE,
    COST_QUERY_PARSE_FAILURE,
    MAX_ALIASES_EXCEEDED,
    MAX_DEPTH_EXCEEDED,
    MAX_ROOT_FIELDS_EXCEEDED,
)
from gateway.limits.limiter import OperationLimiter
from gateway.limits.plan import CostPlan, SlicingRefused
from gateway.limits.structure import Structure, measure

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
