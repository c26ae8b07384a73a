"""Fixtures for planner tests: the tutoring supergraph composed by Apollo's composition."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import parse, validate

from gateway.plan import print_plan
from gateway.planner import QueryPlanner
from gateway.supergraph import Supergraph, load_supergraph

FIXTURES = Path(__file__).parent.parent / "fixtures" / "supergraphs"


@pytest.fixture(scope="session")
def tutoring() -> Supergraph:
    loaded = load_supergraph((FIXTURES / "tutoring.graphql").read_text())
    assert isinstance(loaded, Supergraph)
    return loaded


@pytest.fixture(scope="session")
def plan_text(tutoring: Supergraph):  # type: ignore[no-untyped-def]
    planner = QueryPlanner(tutoring)

    def run(query: str, labels: frozenset[str] = frozenset()) -> str:
        document = parse(query)
        assert validate(tutoring.api_schema, document) == []
        return print_plan(planner.plan(document, None, override_labels=labels))

    return run
