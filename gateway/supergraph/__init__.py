"""The supergraph stage: a Federation v2 supergraph SDL → frozen model and API schema."""

from gateway.supergraph.errors import SupergraphError
from gateway.supergraph.loader import load_supergraph
from gateway.supergraph.model import (
    EntityKey,
    FieldDef,
    FieldInGraph,
    SubgraphInfo,
    Supergraph,
    TypeDef,
    TypeInGraph,
    TypeKind,
)

__all__ = [
    "EntityKey",
    "FieldDef",
    "FieldInGraph",
    "SubgraphInfo",
    "Supergraph",
    "SupergraphError",
    "TypeDef",
    "TypeInGraph",
    "TypeKind",
    "load_supergraph",
]
