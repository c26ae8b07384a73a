"""Merging object and interface types: join__type, implemented interfaces and fields."""

from __future__ import annotations

from collections.abc import Mapping

from gateway.composition.errors import Location, subgraph_names
from gateway.composition.merge.fields import merge_field, validate_field_sharing
from gateway.composition.merge.hints import hint_inconsistent_entity, hint_value_type_fields
from gateway.composition.merge.override import validate_override
from gateway.composition.merge.state import MergeState
from gateway.composition.output.model import SDirective, SField, SType
from gateway.composition.subgraph.model import Field, Kind, TypeDef, fed_of, has_fed

__all__ = ["add_join_type", "merge_composite", "merge_implements"]


def add_join_type(state: MergeState, dest: SType, sources: Mapping[int, TypeDef]) -> None:
    for i, t in sources.items():
        itf_object = True if state.is_interface_object(t) else None
        keys = fed_of(t.directives, "key")
        if not keys:
            args = state.join_args(graph=state.graphs[i], isInterfaceObject=itf_object)
            dest.directives.append(SDirective(name="join__type", args=args))
            continue
        for key in keys:
            extension = True if key.on_extension or has_fed(t.directives, "extends") else None
            args = state.join_args(
                graph=state.graphs[i],
                key=key.value("fields"),
                extension=extension,
                resolvable=key.value("resolvable") if key.has_arg("resolvable") else None,
                isInterfaceObject=itf_object,
            )
            dest.directives.append(SDirective(name="join__type", args=args))


def merge_implements(state: MergeState, dest: SType, sources: Mapping[int, TypeDef]) -> None:
    for i, t in sources.items():
        for itf in t.interfaces:
            args = f'(graph: {state.graphs[i]}, interface: "{itf}")'
            dest.directives.append(SDirective(name="join__implements", args=args))
            if itf not in dest.interfaces:
                dest.interfaces.append(itf)


def _field_sources(
    state: MergeState, dest: SType, sources: Mapping[int, TypeDef]
) -> dict[str, dict[int, Field | None]]:
    extra: dict[int, None] = {}
    for i, sg in enumerate(state.sgs):
        if dest.name in sg.types or any(
            state.is_interface_object(sg.types.get(itf)) for itf in dest.interfaces
        ):
            extra[i] = None
    out: dict[str, dict[int, Field | None]] = {}
    for i, t in sources.items():
        for f in t.fields:
            out.setdefault(f.name, dict(extra))[i] = f
    return out


def merge_composite(state: MergeState, dest: SType, sources: Mapping[int, TypeDef]) -> None:
    if dest.kind is Kind.INTERFACE:
        _validate_interface_keys(state, dest, sources)
        _validate_interface_objects(state, dest, sources)
    is_entity = dest.kind is Kind.OBJECT and hint_inconsistent_entity(state, dest.name, sources)
    per_field = _field_sources(state, dest, sources)
    if not per_field and dest.kind is Kind.OBJECT:
        del state.schema.types[dest.name]
        return
    is_root = dest.name in ("Query", "Mutation", "Subscription")
    has_key = any(fed_of(t.directives, "key") for t in sources.values())
    if (dest.kind is Kind.OBJECT and not is_entity and not is_root) or (
        dest.kind is Kind.INTERFACE and not has_key
    ):
        fields = [
            f
            for f in per_field
            if not (
                dest.kind is Kind.INTERFACE and _provided_by_interface_object(state, dest.name, f)
            )
        ]
        hint_value_type_fields(state, dest.kind, dest.name, sources, fields)
    for name in per_field:
        dest.fields[name] = SField(name=name)
    for name, field_sources in per_field.items():
        ctx = validate_override(state, (dest.name, name), field_sources)
        merge_field(state, dest.name, dest.fields[name], field_sources, ctx)
        if dest.kind is Kind.OBJECT:
            validate_field_sharing(state, dest.name, dest.fields[name], field_sources, ctx)


def _provided_by_interface_object(state: MergeState, itf: str, field: str) -> bool:
    for i, sg in enumerate(state.sgs):
        t = sg.types.get(itf)
        if state.is_interface_object(t) and t is not None:
            f = t.field(field)
            if f is not None and not state.metas[i].is_external(itf, field):
                return True
    return False


def _validate_interface_objects(
    state: MergeState, dest: SType, sources: Mapping[int, TypeDef]
) -> None:
    implementations = [t.name for t in state.schema.implementations(dest.name)]
    for i, t in sources.items():
        if not state.is_interface_object(t):
            continue
        defined = [n for n in implementations if n in state.sgs[i].types]
        if defined:
            listed = ", ".join(f'"{n}"' for n in defined)
            kind = "types" if len(defined) > 1 else "type"
            state.error(
                "INTERFACE_OBJECT_USAGE_ERROR",
                f'[{state.names[i]}] Interface type "{dest.name}" is defined as an '
                f'@interfaceObject in subgraph "{state.names[i]}" so that subgraph should not '
                f'define any of the implementation types of "{dest.name}", but it defines '
                f"{kind} {listed}",
                [t.loc],
                subgraph=state.names[i],
            )


def _validate_interface_keys(
    state: MergeState, dest: SType, sources: Mapping[int, TypeDef]
) -> None:
    implementations = [t.name for t in state.schema.implementations(dest.name)]
    for i, t in sources.items():
        if t.kind is not Kind.INTERFACE:
            continue
        resolvable = next(
            (k for k in fed_of(t.directives, "key") if k.value("resolvable") is not False), None
        )
        if resolvable is None:
            continue
        sg = state.sgs[i]
        local = {
            n for n, x in sg.types.items() if dest.name in x.interfaces and x.kind is Kind.OBJECT
        }
        missing = [n for n in implementations if n not in local]
        if missing:
            listed = ", ".join(f'"{n}"' for n in missing)
            kind = "types" if len(missing) > 1 else "type"
            state.error(
                "INTERFACE_KEY_MISSING_IMPLEMENTATION_TYPE",
                f'[{state.names[i]}] Interface type "{dest.name}" has a resolvable key '
                f'(@key(fields: "{resolvable.value("fields")}")) in subgraph "{state.names[i]}" '
                "but "
                "that subgraph is missing some of the supergraph implementation types of "
                f'"{dest.name}". Subgraph "{state.names[i]}" should define {kind} {listed} (and '
                f'have {"them" if len(missing) > 1 else "it"} implement "{dest.name}").',
                [resolvable.loc],
                subgraph=state.names[i],
            )


def check_interface_field_implementations(state: MergeState) -> None:
    types = state.schema.types
    for t in list(types.values()):
        if t.kind not in (Kind.OBJECT, Kind.INTERFACE):
            continue
        for itf_name in t.interfaces:
            itf = types.get(itf_name)
            if itf is None:
                continue
            for field in itf.fields:
                if field in t.fields:
                    continue
                with_field = [
                    s.name
                    for s in state.sgs
                    if (x := s.types.get(itf_name)) is not None
                    and x.kind is Kind.INTERFACE
                    and x.field(field)
                ]
                implementing = [
                    s.name
                    for s in state.sgs
                    if (x := s.types.get(t.name)) is not None and itf_name in x.interfaces
                ]
                state.error(
                    "INTERFACE_FIELD_NO_IMPLEM",
                    f'Interface field "{itf_name}.{field}" is declared in '
                    f"{subgraph_names(with_field)} "
                    f'but type "{t.name}", which implements "{itf_name}" only in '
                    f'{subgraph_names(implementing)} does not have field "{field}".',
                    [
                        *(_itf_field_loc(state, s, itf_name, field) for s in with_field),
                        *(_type_loc(state, s, t.name) for s in implementing),
                    ],
                )


def _itf_field_loc(state: MergeState, subgraph: str, itf: str, field: str) -> Location | None:
    t = state.sgs[state.names.index(subgraph)].types.get(itf)
    f = t.field(field) if t is not None else None
    return f.loc if f is not None else None


def _type_loc(state: MergeState, subgraph: str, name: str) -> Location | None:
    t = state.sgs[state.names.index(subgraph)].types.get(name)
    return t.loc if t is not None else None
