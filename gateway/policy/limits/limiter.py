"""`OperationLimiter`: depth, aliases, root fields and estimated cost, checked on every request.

Everything that does not depend on variable values (the structure, the refusals it causes,
the cost compiled down to its variable-dependent terms) is kept per operation node: the
pipeline's prepared-operation cache hands back the same `OperationDefinitionNode` for a
repeated operation, so a repeated operation costs a cache lookup, plus evaluating the few
cost terms its variables decide (slicing arguments, argument values, `@skip`/`@include`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from graphql import DocumentNode, OperationDefinitionNode

from gateway.config import LimitsConfig
from gateway.formatted_error import GraphQLFormattedError
from gateway.operation.lru import LruCache
from gateway.policy.limits.cost import CostModel
from gateway.policy.limits.errors import (
    COST_QUERY_PARSE_FAILURE,
    MAX_ALIASES_EXCEEDED,
    MAX_DEPTH_EXCEEDED,
    MAX_ROOT_FIELDS_EXCEEDED,
    cost_error,
    limit_error,
)
from gateway.policy.limits.plan import CostPlan, SlicingRefused, evaluate
from gateway.policy.limits.structure import Structure, measure
from gateway.supergraph import Supergraph

__all__ = ["OperationLimiter"]

_NO_VARIABLES: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True, slots=True, kw_only=True)
class _Analysis:
    # Held so the cache key (the node's id) cannot be reused by another node while cached.
    operation: OperationDefinitionNode
    structure: Structure
    # Refusals known without variables.
    errors: tuple[GraphQLFormattedError, ...]
    # The cost still to evaluate per request; None when it is known (and judged) already.
    cost: CostPlan | None


class OperationLimiter:
    """The `OperationLimits` stage for one supergraph (build a new one when it changes)."""

    __slots__ = ("_analyses", "_costs", "config")

    def __init__(
        self, config: LimitsConfig, supergraph: Supergraph, *, cache_size: int = 2048
    ) -> None:
        self.config = config
        self._costs = CostModel(supergraph, default_list_size=config.default_list_size)
        self._analyses: LruCache[int, _Analysis] = LruCache(cache_size)

    def check(
        self,
        document: DocumentNode,
        operation: OperationDefinitionNode,
        variables: Mapping[str, Any],
    ) -> list[GraphQLFormattedError]:
        analysis = self._analysis(document, operation)
        # Copies: the cached refusals must not change with what is done to a response.
        errors = [_copy(error) for error in analysis.errors]
        if analysis.cost is None:
            return errors
        try:
            cost = evaluate(analysis.cost, variables, self._costs.inputs)
        except SlicingRefused as refused:
            errors.append(_slicing_error(refused))
        else:
            if cost > self.config.max_cost:
                errors.append(cost_error(cost, self.config.max_cost))
        return errors

    def structure(self, document: DocumentNode, operation: OperationDefinitionNode) -> Structure:
        """The operation's depth, aliases and root fields, as the limits count them."""
        return self._analysis(document, operation).structure

    def estimated_cost(
        self,
        document: DocumentNode,
        operation: OperationDefinitionNode,
        variables: Mapping[str, Any] = _NO_VARIABLES,
    ) -> float:
        """The operation's estimated cost (raises `SlicingRefused` when it has none)."""
        plan = self._costs.compile(document, operation)
        return evaluate(plan, variables, self._costs.inputs)

    def _analysis(self, document: DocumentNode, operation: OperationDefinitionNode) -> _Analysis:
        key = id(operation)
        analysis = self._analyses.get(key)
        if analysis is None or analysis.operation is not operation:
            analysis = self._analyse(document, operation)
            self._analyses.put(key, analysis)
        return analysis

    def _analyse(self, document: DocumentNode, operation: OperationDefinitionNode) -> _Analysis:
        config = self.config
        structure = measure(document, operation)
        errors: list[GraphQLFormattedError] = []
        if structure.depth > config.max_depth:
            errors.append(
                limit_error(MAX_DEPTH_EXCEEDED, "depth", structure.depth, config.max_depth)
            )
        if structure.aliases > config.max_aliases:
            errors.append(
                limit_error(MAX_ALIASES_EXCEEDED, "aliases", structure.aliases, config.max_aliases)
            )
        if structure.root_fields > config.max_root_fields:
            errors.append(
                limit_error(
                    MAX_ROOT_FIELDS_EXCEEDED,
                    "root fields",
                    structure.root_fields,
                    config.max_root_fields,
                )
            )
        cost: CostPlan | None = None
        # Too deep is refused already; the compiler's recursion stays bounded by the depth.
        if structure.depth <= config.max_depth:
            try:
                plan = self._costs.compile(document, operation)
            except SlicingRefused as refused:
                errors.append(_slicing_error(refused))
            except RecursionError:
                errors.append(_error("The operation nests too deeply to estimate its cost."))
            else:
                if plan.terms:
                    cost = plan
                elif plan.constant > config.max_cost:
                    errors.append(cost_error(plan.constant, config.max_cost))
        return _Analysis(operation=operation, structure=structure, errors=tuple(errors), cost=cost)


def _copy(error: GraphQLFormattedError) -> GraphQLFormattedError:
    return {**error, "extensions": dict(error["extensions"])}


def _slicing_error(refused: SlicingRefused) -> GraphQLFormattedError:
    return _error(refused.message)


def _error(message: str) -> GraphQLFormattedError:
    return {"message": message, "extensions": {"code": COST_QUERY_PARSE_FAILURE}}
