"""Helpers for planner tests that declare subgraphs inline: compose, load, plan, print."""

from __future__ import annotations

from collections.abc import Mapping

from graphql import parse, validate

from gateway.composition import CompositionSuccess, SubgraphInput, compose
from gateway.plan import print_plan
from gateway.planner import QueryPlanner
from gateway.supergraph import Supergraph, load_supergraph

__all__ = ["FED", "plan_for"]

FED = (
    'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key",'
    ' "@shareable", "@external", "@requires", "@provides", "@override", "@interfaceObject",'
    ' "@inaccessible"])\n'
)


def plan_for(subgraphs: Mapping[str, str], query: str, labels: frozenset[str] = frozenset()) -> str:
    """The printed plan of `query` over the composition of `subgraphs` (name → SDL)."""
    result = compose(
        [SubgraphInput(name=n, url=f"http://{n}", sdl=s) for n, s in subgraphs.items()]
    )
    assert isinstance(result, CompositionSuccess), result
    supergraph = load_supergraph(result.supergraph_sdl)
    assert isinstance(supergraph, Supergraph), supergraph
    document = parse(query)
    assert validate(supergraph.api_schema, document) == []
    return print_plan(QueryPlanner(supergraph).plan(document, override_labels=labels))
