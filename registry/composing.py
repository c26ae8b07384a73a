"""Composition as the registry runs it: the gateway's composer over the variant's subgraphs."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from gateway.composition import CompositionError as ComposerProblem
from gateway.composition import CompositionFailure, SubgraphInput, compose
from gateway.composition import Hint as ComposerHint
from registry.model import CompositionProblem, SubgraphSchema

__all__ = ["Composed", "compose_subgraphs", "sdl_hash"]


def sdl_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True, slots=True, kw_only=True)
class Composed:
    """A composition's result: the supergraph (None when it failed), errors and hints."""

    supergraph_sdl: str | None
    errors: tuple[CompositionProblem, ...] = ()
    hints: tuple[CompositionProblem, ...] = ()

    @property
    def succeeded(self) -> bool:
        return self.supergraph_sdl is not None


def _problem(problem: ComposerProblem | ComposerHint) -> CompositionProblem:
    return CompositionProblem(
        code=problem.code,
        message=problem.message,
        subgraph=problem.subgraph,
        locations=tuple((loc.line, loc.column) for loc in problem.locations),
    )


def compose_subgraphs(subgraphs: Sequence[SubgraphSchema]) -> Composed:
    """Compose `subgraphs` (sorted by name, so the supergraph does not depend on their order)."""
    if not subgraphs:
        return Composed(
            supergraph_sdl=None,
            errors=(
                CompositionProblem(
                    code="NO_SUBGRAPHS", message="A supergraph needs at least one subgraph."
                ),
            ),
        )
    ordered = sorted(subgraphs, key=lambda s: s.name)
    result = compose([SubgraphInput(name=s.name, url=s.routing_url, sdl=s.sdl) for s in ordered])
    hints = tuple(_problem(h) for h in result.hints)
    if isinstance(result, CompositionFailure):
        return Composed(
            supergraph_sdl=None, errors=tuple(_problem(e) for e in result.errors), hints=hints
        )
    return Composed(supergraph_sdl=result.supergraph_sdl, hints=hints)
