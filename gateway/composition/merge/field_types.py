"""Merging the type of a field, argument or input field across subgraphs (subtyping rules)."""

from __future__ import annotations

from collections.abc import Mapping

from gateway.composition.errors import Location, subgraph_names
from gateway.composition.merge.state import MergeState
from gateway.composition.typeref import base_name

__all__ = ["join_mismatch", "merge_type_reference", "mismatch_distribution"]


def mismatch_distribution(
    state: MergeState, values: Mapping[int, str | None], supergraph_value: str | None
) -> list[tuple[str, list[str]]]:
    """Groups subgraph names by value, the supergraph's value first (Apollo's reporter)."""
    groups: dict[str, list[str]] = {}
    for idx, value in values.items():
        if value is None:
            continue
        groups.setdefault(value, []).append(state.names[idx])
    ordered: list[tuple[str, list[str]]] = []
    if supergraph_value in groups:
        ordered.append((supergraph_value, groups.pop(supergraph_value)))
    ordered += list(groups.items())
    return ordered


def merge_type_reference(
    state: MergeState,
    coordinate: str,
    types: Mapping[int, str],
    locs: Mapping[int, Location | None],
    input_position: bool,
    is_argument: bool,
) -> tuple[str, bool]:
    """Returns (merged type, whether all types were equal), reporting mismatches."""
    dest: str | None = None
    has_subtypes = False
    incompatible = False
    for t in types.values():
        if dest is None or dest == t:
            dest = t
        elif state.strict_subtype(dest, t):
            has_subtypes = True
            if input_position:
                dest = t
        elif state.strict_subtype(t, dest):
            has_subtypes = True
            if not input_position:
                dest = t
        else:
            incompatible = True
    assert dest is not None
    base = base_name(dest)
    enum = state.schema.types.get(base)
    if enum is not None and enum.kind.value == "EnumType":
        position = "Input" if input_position else "Output"
        previous, examples = state.enum_usage.get(base, (position, {}))
        examples.setdefault(position, coordinate)
        state.enum_usage[base] = (position if previous == position else "Both", examples)
    if incompatible:
        code = "FIELD_ARGUMENT_TYPE_MISMATCH" if is_argument else "FIELD_TYPE_MISMATCH"
        kind = "argument" if is_argument else "field"
        parts = [
            f'type "{value}" in {subgraph_names(names)}'
            for value, names in mismatch_distribution(state, dict(types), dest)
        ]
        state.error(
            code,
            f'Type of {kind} "{coordinate}" is incompatible across subgraphs: it has '
            + join_mismatch(parts),
            locs.values(),
        )
        return dest, False
    if has_subtypes:
        kind = "argument" if is_argument else "field"
        code = (
            "INCONSISTENT_BUT_COMPATIBLE_ARGUMENT_TYPE"
            if is_argument
            else "INCONSISTENT_BUT_COMPATIBLE_FIELD_TYPE"
        )
        dist = mismatch_distribution(state, dict(types), dest)
        word = "supertype" if input_position else "subtype"
        others = " and ".join(f'{word} "{v}" in {subgraph_names(n)}' for v, n in dist[1:])
        state.hint(
            code,
            f'Type of {kind} "{coordinate}" is inconsistent but compatible across subgraphs: '
            f'will use type "{dest}" (from {subgraph_names(dist[0][1])}) in supergraph but '
            f'"{coordinate}" has {others}.',
            locs.values(),
        )
        return dest, False
    return dest, True


def join_mismatch(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    # Apollo's joinStrings(parts, " and ", " but "): the first separator differs.
    return parts[0] + " but " + " and ".join(parts[1:])
