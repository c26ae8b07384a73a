"""Valid inputs compose to exactly the supergraph Apollo's composition emits for them.

Each directory under `cases/` holds subgraph SDLs (`<name>.graphql`, routing URL
`http://<name>.example/graphql`) and the expected `supergraph.graphql`, produced once by
`@apollo/composition` 2.14 from the same inputs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.composition import SubgraphInput, compose
from gateway.composition.compose import CompositionSuccess

CASES = Path(__file__).parent / "cases"
CASE_DIRS = sorted(p for p in CASES.iterdir() if p.is_dir())


def _inputs(case: Path) -> list[SubgraphInput]:
    return [
        SubgraphInput(name=f.stem, url=f"http://{f.stem}.example/graphql", sdl=f.read_text())
        for f in sorted(case.glob("*.graphql"))
        if f.name != "supergraph.graphql"
    ]


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_case_composes_to_the_expected_supergraph(case: Path) -> None:
    result = compose(_inputs(case))
    assert isinstance(result, CompositionSuccess), [(e.code, e.message) for e in result.errors]
    expected = (case / "supergraph.graphql").read_text().rstrip("\n")
    assert result.supergraph_sdl == expected


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_case_output_does_not_depend_on_input_order(case: Path) -> None:
    inputs = _inputs(case)
    first = compose(inputs)
    second = compose(list(reversed(inputs)))
    assert isinstance(first, CompositionSuccess)
    assert isinstance(second, CompositionSuccess)
    assert first.supergraph_sdl == second.supergraph_sdl
