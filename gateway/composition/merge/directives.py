"""Merging descriptions and the applied directives that survive into the supergraph."""

from __future__ import annotations

import json
from collections.abc import Mapping

from gateway.composition.errors import subgraph_names
from gateway.composition.merge.state import ACCESS_CONTROL, MergeState
from gateway.composition.merge.strategies import merge_arguments, strategy_names
from gateway.composition.output.model import SDirective
from gateway.composition.subgraph.model import Applied
from gateway.composition.values import value_str

__all__ = ["apply_pending", "merge_description", "record_directives"]

REPEATABLE_FEDERATION = frozenset({"tag", "context"})


_NO_HINT = "-"


def merge_description(
    state: MergeState, descriptions: Mapping[int, str | None], coordinate: str | None = _NO_HINT
) -> str | None:
    """The most frequent description (an empty one only when alone); hints when they differ.
    `coordinate` names the element in the hint (None: the schema definition)."""
    seen: list[str] = []
    counts: list[int] = []
    for d in descriptions.values():
        if d is None:
            continue
        if d in seen:
            counts[seen.index(d)] += 1
        else:
            seen.append(d)
            counts.append(-(10**9) if d == "" else 1)
    if not seen:
        return None
    non_empty = [d for d in seen if d != ""]
    if len(seen) == 1:
        return seen[0]
    if len(non_empty) == 1:
        return non_empty[0]
    chosen = seen[counts.index(max(counts))]
    if coordinate != _NO_HINT:
        _hint_descriptions(state, descriptions, chosen, coordinate)
    return chosen


def _quote_description(text: str) -> str:
    # Apollo indents only the first line break (JavaScript's string replace).
    return '  """\n  ' + text.replace("\n", "\n  ", 1) + '\n  """'


def _hint_descriptions(
    state: MergeState,
    descriptions: Mapping[int, str | None],
    chosen: str,
    coordinate: str | None,
) -> None:
    groups: dict[str, list[str]] = {}
    for i, d in descriptions.items():
        if d is not None:
            groups.setdefault(d, []).append(state.names[i])
    element = f'Element "{coordinate}"' if coordinate is not None else "The schema definition"
    message = (
        f"{element} has inconsistent descriptions across subgraphs. The supergraph will use "
        f"description (from {subgraph_names(groups[chosen])}):\n{_quote_description(chosen)}"
    )
    others = [
        f"\nIn {subgraph_names(names)}, the description is:\n{_quote_description(d)}"
        for d, names in groups.items()
        if d != chosen
    ]
    state.hint("INCONSISTENT_DESCRIPTION", message + " and ".join(others))


def record_directives(
    state: MergeState,
    dest: list[SDirective],
    sources: Mapping[int, tuple[Applied, ...]],
    access_control_first: bool = False,
    coordinate: str | None = None,
) -> None:
    """Applies @inaccessible now and queues the other merged directives for the final pass, so
    that join directives added meanwhile come before them (Apollo's order)."""
    names: list[str] = []
    for idx, directives in sources.items():
        for d in directives:
            if state.is_merged_directive(idx, d) and d.name not in names:
                names.append(d.name)
    src = tuple(sources.items())
    where = coordinate or ""
    if "inaccessible" in names:
        _merge_one(state, "inaccessible", src, dest, where)
        names.remove("inaccessible")
    if access_control_first:
        extra = state.access_control_sources() if coordinate is not None else {}
        for name in ACCESS_CONTROL:
            additional = extra.get(f"{coordinate}_{name}", [])
            if name in names or additional:
                state.pending.append((dest, (name,), (*src, *additional), where))
            if name in names:
                names.remove(name)
    state.pending.append((dest, tuple(names), src, where))


def apply_pending(state: MergeState) -> None:
    for dest, names, src, where in state.pending:
        for name in names:
            _merge_one(state, name, src, dest, where)
    state.pending.clear()


def _args(d: Applied, subgraph: str | None = None) -> str:
    if not d.args:
        return ""
    if d.federation and d.name == "context" and subgraph is not None:
        # Context names are scoped by subgraph in the supergraph.
        return "(name: " + json.dumps(f"{subgraph}__{d.value('name')}") + ")"
    return "(" + ", ".join(f"{n}: {value_str(v)}" for n, v in d.args) + ")"


def _is_repeatable(state: MergeState, idx: int, d: Applied) -> bool:
    if d.federation:
        return d.name in REPEATABLE_FEDERATION
    definition = state.sgs[idx].directive_defs.get(d.name)
    return definition is not None and definition.repeatable


def _merge_one(
    state: MergeState,
    name: str,
    src: tuple[tuple[int, tuple[Applied, ...]], ...],
    dest: list[SDirective],
    where: str,
) -> None:
    apps = [
        (idx, d)
        for idx, ds in src
        for d in ds
        if d.name == name and state.is_merged_directive(idx, d)
    ]
    if not apps:
        return
    if apps[0][1].federation:
        state.used_features.add(name)
    if _is_repeatable(state, apps[0][0], apps[0][1]):
        seen: list[str] = []
        for idx, d in apps:
            printed = _args(d, state.names[idx])
            if printed not in seen:
                seen.append(printed)
                dest.append(
                    SDirective(name=name, args=printed, printed_name=state.renamed.get(name))
                )
        return
    distinct: list[str] = []
    counts: list[int] = []
    for _, d in apps:
        printed = _args(d)
        if printed in distinct:
            counts[distinct.index(printed)] += 1
        else:
            distinct.append(printed)
            counts.append(1)
    if len(distinct) > 1:
        firsts = [next(d for _, d in apps if _args(d) == text) for text in distinct]
        merged = merge_arguments(name, firsts)
        if merged is not None:
            state.hint(
                "MERGED_NON_REPEATABLE_DIRECTIVE_ARGUMENTS",
                f'Directive @{state.renamed.get(name, name)} is applied to "{where}" in multiple '
                "subgraphs with different "
                f"arguments. Merging strategies used by arguments: {strategy_names(name)}",
            )
            dest.append(SDirective(name=name, args=merged, printed_name=state.renamed.get(name)))
            return
    chosen = distinct[counts.index(max(counts))]
    dest.append(SDirective(name=name, args=chosen, printed_name=state.renamed.get(name)))
