"""Helpers for limits tests: small supergraphs composed inline, operations parsed and validated."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import DocumentNode, OperationDefinitionNode, get_operation_ast, parse, validate

from gateway.composition import CompositionSuccess, SubgraphInput, compose
from gateway.config import LimitsConfig
from gateway.policy.limits import OperationLimiter
from gateway.supergraph import Supergraph, load_supergraph

__all__ = ["COST_LINK", "Operation", "cost", "limiter_for", "operation", "supergraph_of"]

COST_LINK = (
    'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9",'
    ' import: ["@key", "@cost", "@listSize", "@requires", "@external"])\n'
)


def supergraph_of(**subgraphs: str) -> Supergraph:
    """The supergraph our composer makes of `subgraphs` (name → SDL without the link)."""
    result = compose(
        [
            SubgraphInput(name=name, url=f"http://{name}.example", sdl=COST_LINK + sdl)
            for name, sdl in subgraphs.items()
        ]
    )
    assert isinstance(result, CompositionSuccess), result
    loaded = load_supergraph(result.supergraph_sdl)
    assert isinstance(loaded, Supergraph), loaded
    return loaded


@dataclass(frozen=True, slots=True)
class Operation:
    document: DocumentNode
    node: OperationDefinitionNode


def operation(supergraph: Supergraph, query: str, name: str | None = None) -> Operation:
    document = parse(query)
    assert validate(supergraph.api_schema, document) == []
    node = get_operation_ast(document, name)
    assert node is not None
    return Operation(document, node)


def limiter_for(supergraph: Supergraph, **limits: Any) -> OperationLimiter:
    return OperationLimiter(LimitsConfig(**limits), supergraph)


def cost(
    supergraph: Supergraph, query: str, variables: Mapping[str, Any] | None = None, **limits: Any
) -> float:
    op = operation(supergraph, query)
    return limiter_for(supergraph, **limits).estimated_cost(op.document, op.node, variables or {})
