"""Federation 1 upgrade step: drop the parts of @requires/@provides that select fields the
subgraph resolves itself (Fed 1 tolerated them; Fed 2 requires them to be @external)."""

from __future__ import annotations

from dataclasses import replace

from graphql import StringValueNode

from gateway.composition.fieldset import FieldSetError, Sel, parse_field_set
from gateway.composition.subgraph.model import Applied, Kind, TypeDef, has_fed
from gateway.composition.typeref import base_name

__all__ = ["fix_inactive_field_sets", "print_selections"]


def print_selections(selections: tuple[Sel, ...]) -> str:
    parts = []
    for selection in selections:
        if selection.name is None:
            head = f"... on {selection.type_condition}" if selection.type_condition else "..."
        else:
            head = f"{selection.alias}: {selection.name}" if selection.alias else selection.name
        if selection.children:
            head += " { " + print_selections(selection.children) + " }"
        parts.append(head)
    return " ".join(parts)


def _is_external(types: dict[str, TypeDef], type_name: str, field: str) -> bool:
    t = types.get(type_name)
    f = t.field(field) if t else None
    if f is not None and has_fed(f.directives, "external"):
        return True
    if t is not None and t.kind is Kind.INTERFACE:
        for impl in types.values():
            g = impl.field(field) if t.name in impl.interfaces else None
            if g is not None and has_fed(g.directives, "external"):
                return True
    return False


def _child_type(types: dict[str, TypeDef], type_name: str, selection: Sel) -> str | None:
    t = types.get(type_name)
    f = t.field(selection.name) if t and selection.name else None
    return base_name(f.type) if f else None


def _selects_local_leaf(
    types: dict[str, TypeDef], type_name: str, selections: tuple[Sel, ...]
) -> bool:
    for selection in selections:
        if selection.name is None:
            if _selects_local_leaf(
                types, selection.type_condition or type_name, selection.children
            ):
                return True
            continue
        if _is_external(types, type_name, selection.name):
            continue
        child = _child_type(types, type_name, selection)
        if not selection.children or (
            child and _selects_local_leaf(types, child, selection.children)
        ):
            return True
    return False


def _keep_external(
    types: dict[str, TypeDef], type_name: str, selections: tuple[Sel, ...]
) -> tuple[Sel, ...]:
    out: list[Sel] = []
    for selection in selections:
        if selection.name is not None and _is_external(types, type_name, selection.name):
            out.append(selection)
            continue
        if selection.children:
            inner_type = (
                selection.type_condition or type_name
                if selection.name is None
                else _child_type(types, type_name, selection)
            )
            if inner_type:
                kept = _keep_external(types, inner_type, selection.children)
                if kept:
                    out.append(replace(selection, children=kept))
    return tuple(out)


def _fix(types: dict[str, TypeDef], d: Applied, type_name: str) -> Applied | None:
    """The directive to keep (possibly with fewer fields), or None to drop it."""
    try:
        selections = parse_field_set(str(d.value("fields") or ""))
    except FieldSetError:
        return d
    if not _selects_local_leaf(types, type_name, selections):
        return d
    kept = _keep_external(types, type_name, selections)
    if not kept:
        return None
    return replace(d, args=(("fields", StringValueNode(value=print_selections(kept))),))


def fix_inactive_field_sets(types: dict[str, TypeDef]) -> dict[str, TypeDef]:
    out = dict(types)
    for name, t in types.items():
        if t.kind not in (Kind.OBJECT, Kind.INTERFACE):
            continue
        fields = []
        for f in t.fields:
            directives: list[Applied] = []
            for d in f.directives:
                if d.federation and d.name in ("requires", "provides"):
                    target = name if d.name == "requires" else base_name(f.type)
                    fixed = _fix(types, d, target)
                    if fixed is not None:
                        directives.append(fixed)
                    continue
                directives.append(d)
            fields.append(replace(f, directives=tuple(directives)))
        out[name] = replace(t, fields=tuple(fields))
    return out
