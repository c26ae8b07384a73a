"""Every fetch the planner emits is a valid operation for its subgraph (random operations)."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import GraphQLSchema, parse, validate

from gateway.composition import CompositionSuccess, SubgraphInput, compose
from gateway.plan import FetchNode, PlanNode
from gateway.planner import QueryPlanner
from gateway.supergraph import Supergraph, load_supergraph
from tests.planner.inline import FED
from tests.planner.random_queries import random_query
from tests.planner.subgraph_schemas import subgraph_schema

FIXTURES = Path(__file__).parent.parent / "fixtures" / "supergraphs"

_MIXED = {
    "media": FED
    + """
type Query { media: [Media] search: [Result] }
union Result = Book | Film
interface Media @key(fields: "id") { id: ID! title: String }
type Book implements Media @key(fields: "id") { id: ID! title: String pages: Int author: Person }
type Film implements Media @key(fields: "id") { id: ID! title: String minutes: Int }
type Person @key(fields: "id") { id: ID! name: String @shareable born: Int }
""",
    "ratings": FED
    + """
type Media @key(fields: "id") @interfaceObject { id: ID! stars: Int }
type Query { topRated: [Media] }
""",
    "people": FED
    + """
type Query { people: [Person] }
type Person @key(fields: "id") {
  id: ID!
  name: String @shareable
  born: Int @external
  age(year: Int!): Int @requires(fields: "born")
}
""",
}


def _fetches(node: PlanNode | None, out: list[FetchNode]) -> None:
    if node is None:
        return
    if isinstance(node, FetchNode):
        out.append(node)
        return
    _fetches(getattr(node, "node", None), out)
    for child in getattr(node, "nodes", ()):
        _fetches(child, out)
    _fetches(getattr(node, "if_clause", None), out)
    _fetches(getattr(node, "else_clause", None), out)


def _supergraphs() -> dict[str, Supergraph]:
    tutoring = load_supergraph((FIXTURES / "tutoring.graphql").read_text())
    assert isinstance(tutoring, Supergraph)
    composed = compose([SubgraphInput(name=n, url=f"http://{n}", sdl=s) for n, s in _MIXED.items()])
    assert isinstance(composed, CompositionSuccess), composed
    mixed = load_supergraph(composed.supergraph_sdl)
    assert isinstance(mixed, Supergraph)
    return {"tutoring": tutoring, "mixed": mixed}


@pytest.mark.parametrize("name", ["tutoring", "mixed"])
def test_random_operations_plan_into_valid_subgraph_fetches(name: str) -> None:
    supergraph = _supergraphs()[name]
    schemas: dict[str, GraphQLSchema] = {
        graph: subgraph_schema(supergraph, graph) for graph in supergraph.subgraphs
    }
    planner = QueryPlanner(supergraph)
    planned = 0
    for seed in range(60):
        document = parse(random_query(supergraph.api_schema, seed))
        if validate(supergraph.api_schema, document):
            continue
        fetches: list[FetchNode] = []
        _fetches(planner.plan(document).node, fetches)
        for fetch in fetches:
            errors = validate(schemas[fetch.service_name], parse(fetch.operation))
            assert errors == [], (seed, fetch.service_name, fetch.operation, errors)
        planned += 1
    assert planned >= 40
