"""The package exports what other stages use, and never raises across its boundary."""

from __future__ import annotations

import gateway.composition as composition
from gateway.composition import CompositionFailure, SubgraphInput, compose
from tests.composition.helpers import compose_ok, fed2


def test_all_lists_the_public_names() -> None:
    assert set(composition.__all__) >= {
        "compose",
        "SubgraphInput",
        "CompositionSuccess",
        "CompositionFailure",
        "CompositionError",
        "Hint",
    }
    for name in composition.__all__:
        assert hasattr(composition, name)


def test_compose_returns_failure_for_no_subgraphs() -> None:
    result = compose([])
    assert isinstance(result, CompositionFailure)
    assert result.errors[0].code == "NO_SUBGRAPHS"


def test_compose_returns_errors_as_values_for_garbage_input() -> None:
    result = compose([SubgraphInput(name="a", url="http://a", sdl="}{ not graphql")])
    assert isinstance(result, CompositionFailure)
    assert result.errors[0].code == "INVALID_GRAPHQL"
    assert result.errors[0].subgraph == "a"
    assert result.errors[0].locations


def test_hints_are_returned_separately_on_success() -> None:
    result = compose_ok(
        a=fed2("type Query { a(i: In): Int }\ninput In { x: Int y: Int }"),
        b=fed2("type Query { b(i: In): Int }\ninput In { x: Int }"),
    )
    assert [h.code for h in result.hints] == ["INCONSISTENT_INPUT_OBJECT_FIELD"]
    assert "y: Int" not in result.supergraph_sdl


def test_join_spec_version_follows_the_highest_federation_version() -> None:
    for version, join in (("2.0", "v0.3"), ("2.6", "v0.3"), ("2.7", "v0.4"), ("2.8", "v0.5")):
        result = compose_ok(a=fed2("type Query { a: Int }", version=version))
        assert f'@link(url: "https://specs.apollo.dev/join/{join}", for: EXECUTION)' in (
            result.supergraph_sdl
        )


def test_fed1_only_subgraphs_use_join_v0_3() -> None:
    result = compose_ok(a="type Query { a: Int }")
    assert "https://specs.apollo.dev/join/v0.3" in result.supergraph_sdl
