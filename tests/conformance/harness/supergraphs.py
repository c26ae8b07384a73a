"""Where each scenario's supergraph comes from: the committed file, or our own composer.

Committed files (`supergraphs/<scenario>.graphql`) were composed by a reference composer
(see docs/conformance.md) with subgraph URLs under PLACEHOLDER_ORIGIN. With env
`CONFORMANCE_COMPOSE=ours`, the runner composes with `gateway.composition` instead.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

from .model import Scenario
from .subgraph_server import PLACEHOLDER_ORIGIN, subgraph_url

SUPERGRAPH_DIR = Path(__file__).resolve().parent.parent / "supergraphs"


def committed_path(scenario: Scenario) -> Path:
    return SUPERGRAPH_DIR / f"{scenario.name}.graphql"


def supergraph_sdl(scenario: Scenario, origin: str) -> str:
    """The supergraph SDL with subgraph URLs under `origin`; raises RuntimeError if none."""
    if os.environ.get("CONFORMANCE_COMPOSE") == "ours":
        return _compose_with_ours(scenario, origin)
    path = committed_path(scenario)
    if not path.exists():
        raise RuntimeError(f"{path} missing: run tests/conformance/tools/write_supergraphs.py")
    return path.read_text().replace(PLACEHOLDER_ORIGIN, origin)


def _compose_with_ours(scenario: Scenario, origin: str) -> str:
    # Imported late: the composer is optional for this suite (committed files are the default).
    composition = importlib.import_module("gateway.composition")
    result = composition.compose(
        [
            composition.SubgraphInput(
                name=s.name, url=subgraph_url(origin, scenario.name, s.name), sdl=s.sdl
            )
            for s in scenario.subgraphs
        ]
    )
    sdl = getattr(result, "supergraph_sdl", None)
    if not isinstance(sdl, str):
        raise RuntimeError(f"our composer failed: {getattr(result, 'errors', result)}")
    return sdl
