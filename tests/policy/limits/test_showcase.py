"""The default limits let the tutoring showcase and the standard introspection query through."""

from __future__ import annotations

from pathlib import Path

from graphql import get_introspection_query, get_operation_ast

from gateway.config import LimitsConfig
from gateway.operation import DocumentCache, document_hash
from gateway.policy.limits import OperationLimiter
from gateway.supergraph import Supergraph, load_supergraph

ROOT = Path(__file__).resolve().parents[3]
VARIABLES = {"id": "t1", "from": "2026-01-05T00:00:00Z", "to": "2026-01-12T00:00:00Z"}


def test_showcase_and_introspection_pass_every_default_limit() -> None:
    supergraph = load_supergraph((ROOT / "schema" / "supergraph.graphql").read_text())
    assert isinstance(supergraph, Supergraph)
    limits = LimitsConfig()
    documents = DocumentCache(
        supergraph.api_schema, max_tokens=limits.max_tokens, max_bytes=limits.max_document_bytes
    )
    limiter = OperationLimiter(limits, supergraph)
    showcase = (ROOT / "docs" / "showcase.graphql").read_text()
    costs = []
    for query in (showcase, get_introspection_query(descriptions=True)):
        checked = documents.check(document_hash(query), query)
        assert checked.document is not None, checked.errors
        operation = get_operation_ast(checked.document)
        assert operation is not None
        assert limiter.check(checked.document, operation, VARIABLES) == []
        costs.append(limiter.estimated_cost(checked.document, operation, VARIABLES))
    # The showcase costs something (its lists count) and is far from the limit;
    # introspection costs nothing.
    assert 0 < costs[0] < limits.max_cost / 10
    assert costs[1] == 0
