"""The `compose` entry point: subgraph SDLs in, supergraph SDL or coded errors out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from gateway.composition.assemble import add_spec_machinery
from gateway.composition.errors import CompositionError, Hint
from gateway.composition.merge.merger import merge_types
from gateway.composition.merge.state import MergeState
from gateway.composition.output.printer import print_supergraph
from gateway.composition.rules import run_post_merge_rules, run_subgraph_rules
from gateway.composition.subgraph.build import build_subgraph
from gateway.composition.subgraph.fed1 import upgrade_fed1
from gateway.composition.subgraph.metadata import compute_metadata
from gateway.composition.subgraph.model import Subgraph

__all__ = ["CompositionFailure", "CompositionSuccess", "SubgraphInput", "compose"]


@dataclass(frozen=True, slots=True, kw_only=True)
class SubgraphInput:
    name: str
    url: str
    sdl: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CompositionSuccess:
    supergraph_sdl: str
    hints: tuple[Hint, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class CompositionFailure:
    errors: tuple[CompositionError, ...]
    hints: tuple[Hint, ...] = ()


def compose(subgraphs: Sequence[SubgraphInput]) -> CompositionSuccess | CompositionFailure:
    try:
        return _compose(subgraphs)
    except Exception as exc:
        return CompositionFailure(
            errors=(
                CompositionError(
                    code="INTERNAL", message=f"composition failed unexpectedly: {exc!r}"
                ),
            )
        )


def _compose(inputs: Sequence[SubgraphInput]) -> CompositionSuccess | CompositionFailure:
    errors: list[CompositionError] = []
    built: list[Subgraph] = []
    names = [s.name for s in inputs]
    for given in sorted(inputs, key=lambda s: s.name):
        if names.count(given.name) > 1:
            errors.append(
                CompositionError(
                    code="INVALID_SUBGRAPH_NAME",
                    message=f'A subgraph named "{given.name}" already exists',
                    subgraph=given.name,
                )
            )
            continue
        if given.name == "_":
            errors.append(
                CompositionError(
                    code="INVALID_SUBGRAPH_NAME",
                    message="[_] Invalid name _ for a subgraph: this name is reserved",
                    subgraph=given.name,
                )
            )
            continue
        subgraph, sub_errors, version_text = build_subgraph(given.name, given.url, given.sdl)
        errors += sub_errors
        if subgraph is not None:
            built.append(subgraph)
            errors += run_subgraph_rules(subgraph, version_text)
    if not inputs:
        errors.append(CompositionError(code="NO_SUBGRAPHS", message="No subgraphs to compose"))
    if errors:
        return CompositionFailure(errors=tuple(errors))
    upgraded: list[Subgraph] = []
    original_metas = (
        {s.name: compute_metadata(s) for s in built} if any(not s.is_fed2 for s in built) else {}
    )
    for s in built:
        if s.is_fed2:
            upgraded.append(s)
            continue
        new, upgrade_errors = upgrade_fed1(s, built, original_metas)
        upgraded.append(new)
        errors += upgrade_errors
    if errors:
        return CompositionFailure(errors=tuple(errors))
    metas = [compute_metadata(s) for s in upgraded]
    from gateway.composition.rules import run_metadata_rules

    for s, m in zip(upgraded, metas, strict=True):
        errors += run_metadata_rules(s, m)
    if errors:
        return CompositionFailure(errors=tuple(errors))
    state = MergeState(upgraded, metas)
    merge_types(state)
    if not state.errors:
        run_post_merge_rules(state)
    if state.errors:
        return CompositionFailure(errors=tuple(state.errors), hints=tuple(state.hints))
    add_spec_machinery(state)
    return CompositionSuccess(
        supergraph_sdl=print_supergraph(state.schema), hints=tuple(state.hints)
    )
