"""The planner's contract with the executor: keys, variables, introspection, purity, errors."""

from __future__ import annotations

import pytest
from graphql import parse

import gateway.planner
from gateway.plan import FetchNode, FlattenNode, Key, QueryPlan, SequenceNode
from gateway.planner import PlanningError, QueryPlanner
from gateway.supergraph import Supergraph


def _fetches(plan: QueryPlan) -> list[FetchNode]:
    found: list[FetchNode] = []

    def walk(node: object) -> None:
        if isinstance(node, FetchNode):
            found.append(node)
        elif isinstance(node, FlattenNode):
            walk(node.node)
        elif node is not None:
            for child in getattr(node, "nodes", ()):
                walk(child)
            walk(getattr(node, "if_clause", None))
            walk(getattr(node, "else_clause", None))

    walk(plan.node)
    return found


def test_public_api_is_declared() -> None:
    assert set(gateway.planner.__all__) == {"PlanningError", "QueryPlanner"}


def test_introspection_root_fields_need_no_fetch(tutoring: Supergraph) -> None:
    plan = QueryPlanner(tutoring).plan(parse("{ __schema { queryType { name } } __typename }"))
    assert plan.node is None
    assert plan.notes == ("__schema answered by the gateway",)


def test_fetch_declares_only_the_variables_it_uses(tutoring: Supergraph) -> None:
    document = parse(
        "query($id: ID!, $week: Int!) { tutor(id: $id) { id availability(week: $week) { start } } }"
    )
    fetches = _fetches(QueryPlanner(tutoring).plan(document))
    assert [(f.service_name, f.variable_usages) for f in fetches] == [
        ("tutors", ("id",)),
        ("scheduling", ("week",)),
    ]
    assert "$week" not in fetches[0].operation
    assert "$representations:[_Any!]!" in fetches[1].operation


def test_same_field_under_two_aliases_keeps_both_client_keys(tutoring: Supergraph) -> None:
    document = parse('query { a: tutor(id: "1") { id } b: tutor(id: "2") { id } }')
    (fetch,) = _fetches(QueryPlanner(tutoring).plan(document))
    assert 'a:tutor(id: "1")' in fetch.operation
    assert 'b:tutor(id: "2")' in fetch.operation


def test_client_alias_on_a_key_name_does_not_collide(tutoring: Supergraph) -> None:
    document = parse('{ tutor(id: "1") { id: headline rating } }')
    plan = QueryPlanner(tutoring).plan(document)
    root = _fetches(plan)[0]
    assert "id:headline" in root.operation or "__internal_id" in root.operation


def test_planning_is_pure_for_equal_inputs(tutoring: Supergraph) -> None:
    query = '{ tutor(id: "1") { headline rating user { name timezone } } }'
    planner = QueryPlanner(tutoring)
    assert planner.plan(parse(query)) == planner.plan(parse(query))
    assert QueryPlanner(tutoring).plan(parse(query)) == planner.plan(parse(query))


def test_entity_fetch_requires_carry_typename_and_key(tutoring: Supergraph) -> None:
    plan = QueryPlanner(tutoring).plan(parse('{ tutor(id: "1") { rating } }'))
    assert isinstance(plan.node, SequenceNode)
    flatten = plan.node.nodes[1]
    assert isinstance(flatten, FlattenNode)
    assert flatten.path == (Key(name="tutor"),)
    assert isinstance(flatten.node, FetchNode)
    assert flatten.node.requires is not None
    fragment = flatten.node.requires[0]
    assert [getattr(s, "name", None) for s in fragment.selections] == ["__typename", "id"]


def test_unknown_operation_name_is_a_planning_error(tutoring: Supergraph) -> None:
    with pytest.raises(PlanningError):
        QueryPlanner(tutoring).plan(parse("query A { me { id } }"), "B")
