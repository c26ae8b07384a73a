"""Upgrading a Federation 1 subgraph to Federation 2 semantics, as Apollo's composition does:
externals on interfaces and key fields of extensions dropped, extensions turned into
definitions, unused externals removed, and @shareable added where Fed 1 shared implicitly."""

from __future__ import annotations

from dataclasses import replace

from gateway.composition.errors import CompositionError
from gateway.composition.fieldset import collect_fields
from gateway.composition.subgraph.fed1_fieldsets import fix_inactive_field_sets
from gateway.composition.subgraph.metadata import Metadata, compute_metadata
from gateway.composition.subgraph.model import (
    Applied,
    Field,
    Kind,
    Subgraph,
    TypeDef,
    fed_of,
    has_fed,
)
from gateway.composition.typeref import base_name

__all__ = ["upgrade_fed1"]

ROOTS = ("Query", "Mutation", "Subscription")
SHAREABLE = Applied(name="shareable", federation=True)


def _without(directives: tuple[Applied, ...], *names: str) -> tuple[Applied, ...]:
    return tuple(d for d in directives if not (d.federation and d.name in names))


def _is_extension(t: TypeDef) -> bool:
    return (t.has_extension and not t.has_definition) or has_fed(t.directives, "extends")


def _set_fields(t: TypeDef, fields: list[Field]) -> TypeDef:
    return replace(t, fields=tuple(fields))


def upgrade_fed1(
    sg: Subgraph, all_subgraphs: list[Subgraph], original_metas: dict[str, Metadata] | None = None
) -> tuple[Subgraph, list[CompositionError]]:
    """`original_metas` (metadata of every subgraph as written, by name) may be passed to avoid
    recomputing it for each Federation 1 subgraph."""
    errors: list[CompositionError] = []
    others = [s for s in all_subgraphs if s.name != sg.name]
    metas = original_metas or {s.name: compute_metadata(s) for s in all_subgraphs}
    original_meta = metas[sg.name]
    types = dict(sg.types)
    for name, t in list(types.items()):
        if name in ROOTS or t.kind not in (Kind.OBJECT, Kind.INTERFACE) or not _is_extension(t):
            continue
        if not any((o := s.types.get(name)) is not None and o.has_definition for s in others):
            errors.append(
                CompositionError(
                    code="EXTENSION_WITH_NO_BASE",
                    message=f'[{sg.name}] Type "{name}" is an extension type, but there is no type '
                    f'definition for "{name}" in any subgraph.',
                    locations=(t.loc,) if t.loc else (),
                    subgraph=sg.name,
                )
            )
    for name, t in list(types.items()):
        if t.kind is Kind.INTERFACE:
            fields = [
                replace(f, directives=_without(f.directives, "external", "provides", "requires"))
                for f in t.fields
            ]
            types[name] = replace(_set_fields(t, fields), directives=_without(t.directives, "key"))
        elif t.kind is Kind.OBJECT:
            t = replace(t, directives=_without(t.directives, "external"))
            if _is_extension(t) or (name in ROOTS and t.has_extension):
                t = _unexternal_key_fields(sg, t, others)
            fields = []
            for f in t.fields:
                target = types.get(base_name(f.type))
                if target is None or target.kind not in (Kind.OBJECT, Kind.INTERFACE, Kind.UNION):
                    f = replace(f, directives=_without(f.directives, "provides"))
                fields.append(f)
            types[name] = _set_fields(t, fields)
    types = fix_inactive_field_sets(types)
    for name, t in list(types.items()):
        if _is_extension(t) or (name in ROOTS and t.has_extension):
            types[name] = replace(
                t,
                has_definition=True,
                has_extension=False,
                directives=tuple(replace(d, on_extension=False) for d in t.directives),
                fields=tuple(replace(f, on_extension=False) for f in t.fields),
            )
    upgraded = replace(sg, types=types)
    meta = compute_metadata(upgraded)
    for name, t in list(types.items()):
        if t.kind not in (Kind.OBJECT, Kind.INTERFACE):
            continue
        kept = [
            f
            for f in t.fields
            if not ((name, f.name) in meta.external and (name, f.name) not in meta.used)
        ]
        if len(kept) == len(t.fields):
            continue
        if kept:
            types[name] = _set_fields(t, kept)
            continue
        referenced = any(
            base_name(f.type) == name for x in types.values() for f in x.fields
        ) or any(name in x.members for x in types.values())
        if referenced:
            errors.append(
                CompositionError(
                    code="TYPE_WITH_ONLY_UNUSED_EXTERNAL",
                    message=f"[{sg.name}] Type {name} contains only external fields and all those "
                    "fields are all unused (they do not appear in any @key, @provides or "
                    "@requires).",
                    locations=(t.loc,) if t.loc else (),
                    subgraph=sg.name,
                )
            )
        else:
            del types[name]
    other_metas = metas
    for name, t in list(types.items()):
        if t.kind is not Kind.OBJECT or name == "Subscription":
            continue
        in_others = [s for s in others if name in s.types]
        if fed_of(t.directives, "key") or name in ROOTS:
            fields = []
            for f in t.fields:
                implicit = original_meta.is_shareable(name, f.name)
                if (
                    not implicit
                    and not has_fed(f.directives, "shareable")
                    and any(_resolves(s, other_metas[s.name], name, f.name) for s in in_others)
                ):
                    f = replace(f, directives=(*f.directives, SHAREABLE))
                fields.append(f)
            types[name] = _set_fields(t, fields)
        elif in_others and not has_fed(t.directives, "shareable"):
            types[name] = replace(t, directives=(*t.directives, SHAREABLE))
    return replace(sg, types=types), errors


def _resolves(s: Subgraph, meta: Metadata, type_name: str, field: str) -> bool:
    t = s.types.get(type_name)
    if t is None or t.field(field) is None:
        return False
    return not meta.is_external(type_name, field) or (type_name, field) in meta.provided


def _unexternal_key_fields(sg: Subgraph, t: TypeDef, others: list[Subgraph]) -> TypeDef:
    keys = fed_of(t.directives, "key")
    targets: set[str] = set()
    if keys:
        for key in keys:
            targets |= {
                f
                for owner, f in collect_fields(sg, t, str(key.value("fields") or ""))
                if owner == t.name
            }
    else:
        for s in others:
            other = s.types.get(t.name)
            other_keys = fed_of(other.directives, "key") if other else ()
            if other is None or not other_keys:
                continue
            fields = collect_fields(s, other, str(other_keys[0].value("fields") or ""))
            targets |= {f for owner, f in fields if owner == t.name}
    if not targets:
        return t
    return _set_fields(
        t,
        [
            replace(f, directives=_without(f.directives, "external")) if f.name in targets else f
            for f in t.fields
        ],
    )
