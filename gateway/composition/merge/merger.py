"""The merge pass: validated subgraphs to the supergraph schema, in Apollo's order (implements,
unions, scalars/inputs/interfaces/objects, enums, then the queued applied directives)."""

from __future__ import annotations

from gateway.composition.errors import subgraph_names
from gateway.composition.merge.composite import (
    add_join_type,
    check_interface_field_implementations,
    merge_composite,
    merge_implements,
)
from gateway.composition.merge.directives import apply_pending, merge_description, record_directives
from gateway.composition.merge.enums_unions import merge_enum, merge_union
from gateway.composition.merge.inputs import merge_input_object
from gateway.composition.merge.state import ACCESS_CONTROL, MergeState
from gateway.composition.output.model import SDirective, SField, SType
from gateway.composition.subgraph.model import Kind, TypeDef

__all__ = ["merge_types"]

KIND_LABEL = {
    Kind.OBJECT: "Object Type",
    Kind.INTERFACE: "Interface Type",
    Kind.UNION: "Union Type",
    Kind.ENUM: "Enum Type",
    Kind.INPUT_OBJECT: "Input Object Type",
    Kind.SCALAR: "Scalar Type",
}


def _add_types_shallow(state: MergeState) -> None:
    mismatched: list[str] = []
    for sg in state.sgs:
        for t in sg.types.values():
            kind = state.expected_kind(t)
            existing = state.schema.types.get(t.name)
            if existing is None:
                state.schema.types[t.name] = SType(kind=kind, name=t.name)
            elif existing.kind is not kind and t.name not in mismatched:
                mismatched.append(t.name)
    for name in mismatched:
        _report_kind_mismatch(state, name)
    with_itf_object = {
        t.name for sg in state.sgs for t in sg.types.values() if state.is_interface_object(t)
    }
    for name in sorted(with_itf_object - set(mismatched)):
        defining = [sg for sg in state.sgs if name in sg.types]
        if all(state.is_interface_object(sg.types[name]) for sg in defining):
            state.error(
                "INTERFACE_OBJECT_USAGE_ERROR",
                f'Type "{name}" is declared with @interfaceObject in all the subgraphs in which it '
                f"is defined (it is defined in {subgraph_names([s.name for s in defining])} but "
                "should be defined as an interface in at least one subgraph)",
                [sg.types[name].loc for sg in defining],
            )


def _kind_label(state: MergeState, t: TypeDef) -> str:
    if state.is_interface_object(t):
        return "Interface Object Type (Object Type with @interfaceObject)"
    return KIND_LABEL[t.kind]


def _report_kind_mismatch(state: MergeState, name: str) -> None:
    first = state.schema.types[name].kind
    groups: dict[str, list[str]] = {}
    locs = []
    for sg in state.sgs:
        t = sg.types.get(name)
        if t is None:
            continue
        groups.setdefault(_kind_label(state, t), []).append(sg.name)
        locs.append(t.loc)
    labels = list(groups)
    first_label = KIND_LABEL[first]
    if first_label in labels:
        labels.remove(first_label)
        labels.insert(0, first_label)
    parts = [f"{label} in {subgraph_names(groups[label])}" for label in labels]
    message = parts[0] + (" but " + " and ".join(parts[1:]) if len(parts) > 1 else "")
    state.error(
        "TYPE_KIND_MISMATCH", f'Type "{name}" has mismatched kind: it is defined as {message}', locs
    )


def _merge_type_common(state: MergeState, dest: SType, sources: dict[int, TypeDef]) -> None:
    dest.description = merge_description(
        state, {i: t.description for i, t in sources.items()}, dest.name
    )
    add_join_type(state, dest, sources)
    is_interface = dest.kind is Kind.INTERFACE
    record_directives(
        state,
        dest.directives,
        {i: t.directives for i, t in sources.items()},
        is_interface,
        dest.name,
    )
    is_root = dest.name in ("Query", "Mutation", "Subscription")
    if not is_root and not any(t.has_definition for t in sources.values()):
        for i, t in sources.items():
            state.error(
                "EXTENSION_WITH_NO_BASE",
                f'[{state.names[i]}] Type "{dest.name}" is an extension type, but there is no type '
                f'definition for "{dest.name}" in any subgraph.',
                [t.loc],
                subgraph=state.names[i],
            )


def merge_types(state: MergeState) -> None:
    _add_types_shallow(state)
    if state.errors:
        return
    by_kind: dict[Kind, list[str]] = {k: [] for k in Kind}
    for name, t in state.schema.types.items():
        by_kind[t.kind].append(name)
    for kind in (Kind.OBJECT, Kind.INTERFACE):
        for name in by_kind[kind]:
            merge_implements(state, state.schema.types[name], state.sources_of(name, kind))
    for name in by_kind[Kind.UNION]:
        dest = state.schema.types[name]
        sources = state.sources_of(name, Kind.UNION)
        _merge_type_common(state, dest, sources)
        merge_union(state, dest, sources)
    order = (Kind.SCALAR, Kind.INPUT_OBJECT, Kind.INTERFACE, Kind.OBJECT)
    for kind in order:
        for name in by_kind[kind]:
            dest = state.schema.types[name]
            sources = state.sources_of(name, kind)
            _merge_type_common(state, dest, sources)
            if kind is Kind.INPUT_OBJECT:
                merge_input_object(state, dest, sources)
            elif kind in (Kind.OBJECT, Kind.INTERFACE):
                merge_composite(state, dest, sources)
    for name in by_kind[Kind.ENUM]:
        dest = state.schema.types[name]
        sources = state.sources_of(name, Kind.ENUM)
        _merge_type_common(state, dest, sources)
        merge_enum(state, dest, sources)
    for op, root in (
        ("query", "Query"),
        ("mutation", "Mutation"),
        ("subscription", "Subscription"),
    ):
        if root in state.schema.types and state.schema.types[root].kind is Kind.OBJECT:
            state.schema.roots[op] = root
    if "query" not in state.schema.roots:
        state.error(
            "NO_QUERIES",
            "No queries found in any subgraph: a supergraph must have a query root type.",
        )
    apply_pending(state)
    _add_interface_object_fields(state)
    if not state.errors:
        check_interface_field_implementations(state)


def _add_interface_object_fields(state: MergeState) -> None:
    for t in state.schema.types.values():
        if t.kind is not Kind.OBJECT:
            continue
        for itf_name in t.interfaces:
            itf = state.schema.types.get(itf_name)
            if itf is None:
                continue
            for fname, ifield in itf.fields.items():
                provided = any(
                    state.is_interface_object(sg.types.get(itf_name))
                    and (f := sg.types[itf_name].field(fname)) is not None
                    and not state.metas[i].is_external(itf_name, f.name)
                    for i, sg in enumerate(state.sgs)
                )
                if fname in t.fields or not provided:
                    continue
                copy = SField(
                    name=fname,
                    type=ifield.type,
                    args=list(ifield.args),
                    description=ifield.description,
                )
                extra = state.access_control_sources()
                for name in ACCESS_CONTROL:
                    additional = extra.get(f"{t.name}.{fname}_{name}", [])
                    if additional:
                        state.pending.append(
                            (copy.directives, (name,), tuple(additional), f"{t.name}.{fname}")
                        )
                apply_pending(state)
                copy.directives += [
                    d
                    for d in ifield.directives
                    if not d.name.startswith("join__") and d.name not in ACCESS_CONTROL
                ]
                copy.directives.append(SDirective(name="join__field"))
                t.fields[fname] = copy
