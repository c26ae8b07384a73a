"""The harness itself: response comparison, subgraph schemas, and the scenario catalogue."""

from __future__ import annotations

from graphql import graphql_sync

from .harness import Case, Scenario, Subgraph, link, response_mismatch
from .harness.subgraph_schema import build_executable_schema, type_resolver
from .harness.supergraphs import committed_path
from .scenarios import all_scenarios


def test_mismatch_counts_key_order() -> None:
    expected = {"data": {"a": 1, "b": 2}}
    assert response_mismatch(expected, {"data": {"a": 1, "b": 2}}) is None
    assert response_mismatch(expected, {"data": {"b": 2, "a": 1}}) is not None


def test_mismatch_rejects_unexpected_and_missing_errors() -> None:
    assert response_mismatch({"data": {"a": 1}}, {"data": {"a": 1}, "errors": [{}]}) is not None
    wanted = {"data": None, "errors": [{"path": ["a"]}]}
    assert response_mismatch(wanted, {"data": None}) is not None
    assert response_mismatch(wanted, {"data": None, "errors": [{"path": ["b"]}]}) is not None
    assert (
        response_mismatch(wanted, {"data": None, "errors": [{"message": "x", "path": ["a"]}]})
        is None
    )


def test_mismatch_can_ignore_errors_but_not_data() -> None:
    expected = {"data": {"a": None}}
    assert (
        response_mismatch(expected, {"data": {"a": None}, "errors": [{}]}, check_errors=False)
        is None
    )
    assert response_mismatch(expected, {"data": {"a": 1}}, check_errors=False) is not None


def test_subgraph_serves_sdl_and_entities_with_requires_inputs() -> None:
    sdl = link("@key") + 'type Thing @key(fields: "id") { id: ID!  size: Int  double: Int }\n'
    thing = Subgraph(
        name="things",
        sdl=sdl,
        resolvers={"Thing": {"double": lambda t, _i: t["size"] * 2}},
        entities={"Thing": lambda rep: {"size": 21} if rep["id"] == "t1" else None},
    )
    schema = build_executable_schema(thing)
    result = graphql_sync(
        schema,
        """query ($r: [_Any!]!) { _service { sdl }
           _entities(representations: $r) { ... on Thing { id double } } }""",
        variable_values={
            "r": [{"__typename": "Thing", "id": "t1"}, {"__typename": "Thing", "id": "x"}]
        },
        type_resolver=type_resolver,
    )
    assert result.errors is None
    assert result.data == {
        "_service": {"sdl": sdl},
        "_entities": [{"id": "t1", "double": 42}, None],
    }


def test_fed1_extension_without_base_type_builds() -> None:
    legacy = Subgraph(
        name="legacy",
        sdl='extend type User @key(fields: "id") { id: ID! @external  karma: Int }',
        entities={"User": lambda rep: {"karma": 3}},
    )
    result = graphql_sync(
        build_executable_schema(legacy),
        '{ _entities(representations: [{__typename: "User", id: "u"}]) { ... on User { karma } } }',
        type_resolver=type_resolver,
    )
    assert result.errors is None
    assert result.data == {"_entities": [{"karma": 3}]}


def test_every_scenario_builds_and_has_a_supergraph() -> None:
    scenarios: tuple[Scenario, ...] = all_scenarios()
    assert len(scenarios) >= 40
    assert sum(len(s.cases) for s in scenarios) >= 150
    for scenario in scenarios:
        assert committed_path(scenario).exists(), scenario.name
        names = [case.name for case in scenario.cases]
        assert len(set(names)) == len(names), scenario.name
        assert all(isinstance(case, Case) for case in scenario.cases)
        for subgraph in scenario.subgraphs:
            if not subgraph.broken:
                build_executable_schema(subgraph)
