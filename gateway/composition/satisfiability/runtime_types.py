"""SHAREABLE_HAS_MISMATCHED_RUNTIME_TYPES: a shared field returning an abstract type must be
able to return a common runtime type in every subgraph resolving it (Apollo also hints when the
sets merely differ)."""

from __future__ import annotations

from gateway.composition.errors import CompositionError, Hint, Location, subgraph_names
from gateway.composition.output.model import SField, SType, SuperSchema
from gateway.composition.satisfiability.reach import State
from gateway.composition.subgraph.model import Kind, Subgraph

__all__ = ["check_runtime_types"]


def _quoted(names: list[str]) -> str:
    items = [f'"{n}"' for n in names]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _types(names: list[str]) -> str:
    return ("types " if len(names) > 1 else "type ") + _quoted(names)


def _runtime(sg: Subgraph, name: str) -> list[str] | None:
    local = sg.types.get(name)
    if local is None or local.kind not in (Kind.INTERFACE, Kind.UNION):
        return None
    if local.kind is Kind.UNION:
        return sorted(local.members)
    return sorted(
        t.name for t in sg.types.values() if name in t.interfaces and t.kind is Kind.OBJECT
    )


def _field_locs(
    sgs: list[Subgraph], names: list[str], parent: str, field: str
) -> tuple[Location, ...]:
    """Where each of the named subgraphs defines the shared field."""
    out = []
    for sg in sgs:
        t = sg.types.get(parent) if sg.name in names else None
        f = t.field(field) if t is not None else None
        if f is not None and f.loc is not None:
            out.append(f.loc)
    return tuple(out)


def check_runtime_types(
    schema: SuperSchema,
    sgs: list[Subgraph],
    parent: SType,
    field: SField,
    target: SType,
    states: set[State],
    witness: str,
) -> CompositionError | Hint | None:
    if target.kind is Kind.UNION:
        all_runtime = sorted(target.members)
    else:
        all_runtime = sorted(t.name for t in schema.implementations(target.name))
    per_subgraph: dict[str, list[str]] = {}
    for st in sorted(states, key=lambda s: s.subgraph_index):
        names = _runtime(sgs[st.subgraph_index], target.name)
        if names is None or sgs[st.subgraph_index].name in per_subgraph:
            continue
        if len(names) == 1 and names[0] not in all_runtime:
            continue
        per_subgraph[sgs[st.subgraph_index].name] = names
    if len(per_subgraph) < 2 or all(not v for v in per_subgraph.values()):
        return None
    intersection = [t for t in all_runtime if all(t in v for v in per_subgraph.values())]
    coord = f"{parent.name}.{field.name}"
    locations = _field_locs(sgs, list(per_subgraph), parent.name, field.name)
    head = (
        f"For the following supergraph API query:\n{witness}\n"
        f'Shared field "{coord}" return type "{field.type}"'
    )
    if not intersection:
        groups: dict[str, list[str]] = {}
        for subgraph, names in per_subgraph.items():
            text = _types(names) if names else "no runtime type is defined"
            groups.setdefault(text, []).append(subgraph)
        lines = ";\n".join(f" - in {subgraph_names(s)}, {text}" for text, s in groups.items())
        return CompositionError(
            code="SHAREABLE_HAS_MISMATCHED_RUNTIME_TYPES",
            message=f"{head} has a non-intersecting set of possible runtime types across "
            f"subgraphs. Runtime types in subgraphs are:\n{lines}.\nThis is not allowed as shared "
            "fields must resolve the same way in all subgraphs, and that implies at least some "
            "common runtime types between the subgraphs.",
            locations=locations,
        )
    if len({tuple(v) for v in per_subgraph.values()}) < 2:
        return None
    details = ";\n".join(
        f' - subgraph "{s}" should never resolve "{coord}" to an object of '
        f"{_types([t for t in names if t not in intersection])}"
        for s, names in per_subgraph.items()
        if any(t not in intersection for t in names)
    )
    return Hint(
        code="INCONSISTENT_RUNTIME_TYPES_FOR_SHAREABLE_RETURN",
        message=f"{head} has different sets of possible runtime types across subgraphs.\nSince a "
        "shared field must be resolved the same way in all subgraphs, make sure that "
        f'{subgraph_names(list(per_subgraph))} only resolve "{coord}" to objects of '
        f"{_types(intersection)}. In particular:\n{details}.\nOtherwise the @shareable contract "
        "will be broken.",
        locations=locations,
    )
