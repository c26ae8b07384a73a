"""The random operations of each conformance scenario and their recorded reference answers."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from conformance.harness import Scenario
from conformance.harness.subgraph_server import PLACEHOLDER_ORIGIN
from conformance.harness.supergraphs import supergraph_sdl
from graphql import GraphQLSchema

from gateway.supergraph import SupergraphError, load_supergraph

from .generator import GeneratedOperation, Generator, harvest_arguments

__all__ = ["ANSWERS_DIR", "api_schema", "generator_for", "load_answers", "operations_for"]

ANSWERS_DIR = Path(__file__).resolve().parent / "answers"


def api_schema(scenario: Scenario) -> GraphQLSchema:
    """The scenario's API schema, from its committed supergraph."""
    loaded = load_supergraph(supergraph_sdl(scenario, PLACEHOLDER_ORIGIN))
    if isinstance(loaded, SupergraphError):
        raise RuntimeError(f"{scenario.name}: {loaded}")
    return loaded.api_schema


def generator_for(scenario: Scenario) -> Generator:
    """A generator over the scenario's API schema, reusing its cases' argument values."""
    schema = api_schema(scenario)
    return Generator(schema, harvest_arguments(schema, (case.query for case in scenario.cases)))


def operations_for(
    scenario: Scenario, seeds: Iterable[int]
) -> Iterator[tuple[int, GeneratedOperation]]:
    """(seed, operation) for each seed that gives an operation."""
    generator = generator_for(scenario)
    for seed in seeds:
        operation = generator.operation(seed)
        if operation is not None:
            yield seed, operation


ADJUDICATIONS = Path(__file__).resolve().parent / "adjudications.json"


def adjudications() -> list[dict[str, Any]]:
    """Recorded operations where the trusted references were wrong, with the right answer and
    why (each checked by hand; see docs/differential.md)."""
    loaded: list[dict[str, Any]] = json.loads(ADJUDICATIONS.read_text())
    return loaded


def load_answers(scenario: Scenario) -> dict[str, Any] | None:
    """The recorded file of a scenario (adjudicated answers in place), or None if none."""
    path = ANSWERS_DIR / f"{scenario.name}.json"
    if not path.exists():
        return None
    loaded: dict[str, Any] = json.loads(path.read_text())
    verdicts = {
        (a["query"], json.dumps(a["variables"], sort_keys=True)): a
        for a in adjudications()
        if a["scenario"] == scenario.name
    }
    for operation in loaded["operations"]:
        verdict = verdicts.get(
            (operation["query"], json.dumps(operation["variables"], sort_keys=True))
        )
        if verdict is not None:
            for key in ("data", "errors", "error_paths", "status"):
                operation[key] = verdict[key]
            operation["adjudicated"] = verdict["reason"]
    return loaded
