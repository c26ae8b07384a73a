"""Query graph lookups: field edges under @override labels, @external, keys, possible types."""

from __future__ import annotations

from gateway.planner.graph import QueryGraph
from gateway.supergraph import Supergraph


def test_labelled_override_serves_field_from_original_until_label_is_on(
    tutoring: Supergraph,
) -> None:
    off = QueryGraph(supergraph=tutoring, labels=frozenset())
    on = QueryGraph(supergraph=tutoring, labels=frozenset({"percent(25)"}))
    assert off.graphs_for_field("Tutor", "headline") == ("accounts",)
    assert on.graphs_for_field("Tutor", "headline") == ("tutors",)


def test_external_field_is_not_a_field_edge(tutoring: Supergraph) -> None:
    graph = QueryGraph(supergraph=tutoring, labels=frozenset())
    assert graph.field_in("User", "name", "tutors") is None
    assert graph.external_in("User", "name", "tutors")
    assert graph.field_in("User", "name", "accounts") is not None


def test_keys_and_key_fields_per_subgraph(tutoring: Supergraph) -> None:
    graph = QueryGraph(supergraph=tutoring, labels=frozenset())
    assert graph.resolvable_keys("Tutor", "reviews") == ("id",)
    assert graph.resolvable_keys("Slot", "scheduling") == ()
    assert graph.key_fields_in("Tutor", "id", "tutors")


def test_possible_types_per_subgraph(tutoring: Supergraph) -> None:
    graph = QueryGraph(supergraph=tutoring, labels=frozenset())
    assert graph.possible_types("SearchResult") == ("Subject", "Tutor")
    assert graph.runtime_types_in_graph("Node", "accounts") == ("User",)
    assert graph.runtime_types_in_graph("Node", "scheduling") == ()
    assert graph.is_interface_object("Node", "scheduling")
