"""Supergraphs that spell the machinery differently: renamed join prefix, Federation 1 `@core`."""

from __future__ import annotations

from pathlib import Path

from graphql import parse

from gateway.plan import print_plan
from gateway.planner import QueryPlanner
from gateway.supergraph import Supergraph, SupergraphError, load_supergraph

FIXTURES = Path(__file__).parent.parent / "fixtures" / "supergraphs"


def test_federation_1_core_supergraph_loads_with_owner_fields() -> None:
    loaded = load_supergraph((FIXTURES / "fed1-join-v0.1.graphql").read_text())
    assert isinstance(loaded, Supergraph)
    user = loaded.types["User"]
    assert [f.graph for f in user.fields["name"].graphs] == ["accounts"]
    assert [f.graph for f in user.fields["reviews"].graphs] == ["reviews"]
    assert "core__Purpose" not in loaded.api_schema.type_map
    assert "join__Graph" not in loaded.api_schema.type_map


def test_federation_1_supergraph_plans_an_entity_hop() -> None:
    loaded = load_supergraph((FIXTURES / "fed1-join-v0.1.graphql").read_text())
    assert isinstance(loaded, Supergraph)
    text = print_plan(QueryPlanner(loaded).plan(parse("{ me { name reviews { body } } }")))
    assert 'Fetch(service: "accounts")' in text
    assert 'Flatten(path: "me")' in text
    assert "reviews {\n" in text


def test_renamed_join_prefix_is_honoured() -> None:
    sdl = (FIXTURES / "tutoring.graphql").read_text()
    renamed = sdl.replace("join__", "j__").replace(
        '@link(url: "https://specs.apollo.dev/join/v0.4", for: EXECUTION)',
        '@link(url: "https://specs.apollo.dev/join/v0.4", as: "j", for: EXECUTION)',
    )
    assert renamed != sdl
    loaded = load_supergraph(renamed)
    assert isinstance(loaded, Supergraph)
    assert set(loaded.subgraphs) == {"accounts", "reviews", "scheduling", "tutors"}
    assert not [n for n in loaded.api_schema.type_map if n.startswith("j__")]


def test_unsupported_join_version_is_an_error_value() -> None:
    sdl = (FIXTURES / "tutoring.graphql").read_text().replace("join/v0.4", "join/v0.9")
    result = load_supergraph(sdl)
    assert isinstance(result, SupergraphError)
    assert "v0.9" in result.message
