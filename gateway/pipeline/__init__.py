"""The request pipeline: one request from its query text to its outcome.

Resolve the document (persisted queries), parse and validate it (cached), check limits,
authorize, plan (cached), execute, shape. The stages it plugs in are protocols in
`gateway.pipeline.stages`; `gateway.policy` implements them and `gateway.server.runtime` wires
them together.
"""

from gateway.pipeline.pipeline import PipelineStages, RequestPipeline
from gateway.pipeline.prepared import PreparedOperation, prepare_operation
from gateway.pipeline.stages import (
    AllowEverything,
    Anonymous,
    Authenticator,
    Authorizer,
    HeaderPlan,
    NoHeaders,
    NoLimits,
    OperationLimits,
    PersistedQueries,
    Planner,
    QueryAsSent,
    SupergraphView,
)

__all__ = [
    "AllowEverything",
    "Anonymous",
    "Authenticator",
    "Authorizer",
    "HeaderPlan",
    "NoHeaders",
    "NoLimits",
    "OperationLimits",
    "PersistedQueries",
    "PipelineStages",
    "Planner",
    "PreparedOperation",
    "QueryAsSent",
    "RequestPipeline",
    "SupergraphView",
    "prepare_operation",
]
