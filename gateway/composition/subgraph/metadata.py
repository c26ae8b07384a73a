"""Facts derived from one subgraph's federation directives: which fields are external, provided,
shareable or used by a field set (Apollo's subgraph "metadata")."""

from __future__ import annotations

from dataclasses import dataclass

from gateway.composition.context import context_argument
from gateway.composition.fieldset import collect_fields
from gateway.composition.subgraph.model import Kind, Subgraph, TypeDef, fed_of, has_fed
from gateway.composition.typeref import base_name

__all__ = ["Metadata", "compute_metadata"]

Coord = tuple[str, str]


@dataclass(frozen=True, slots=True, kw_only=True)
class Metadata:
    external: frozenset[Coord]  # @external, minus the "fake" ones (key fields of fed1 extensions)
    fake_external: frozenset[Coord]
    provided: frozenset[Coord]
    shareable: frozenset[Coord]
    used: frozenset[Coord]
    key_fields: frozenset[Coord]

    def is_external(self, type_name: str, field: str) -> bool:
        return (type_name, field) in self.external

    def is_fully_external(self, type_name: str, field: str) -> bool:
        coord = (type_name, field)
        return coord in self.external and coord not in self.provided

    def is_shareable(self, type_name: str, field: str) -> bool:
        return (type_name, field) in self.shareable


def _context_fields(sg: Subgraph) -> set[Coord]:
    """Fields read by @fromContext selections on the types that set the context."""
    by_context: dict[str, list[TypeDef]] = {}
    for t in sg.types.values():
        for d in fed_of(t.directives, "context"):
            by_context.setdefault(str(d.value("name") or ""), []).append(t)
    out: set[Coord] = set()
    for t in sg.types.values():
        for f in t.fields:
            for a in f.args:
                found = context_argument(a)
                if found is None:
                    continue
                text = found[1].strip()
                if text.startswith("{") and text.endswith("}"):
                    text = text[1:-1]
                for target in by_context.get(found[0], []):
                    out |= collect_fields(sg, target, text, True)
    return out


def compute_metadata(sg: Subgraph) -> Metadata:
    fake: set[Coord] = set()
    key_fields: set[Coord] = set()
    for t in sg.types.values():
        if t.kind not in (Kind.OBJECT, Kind.INTERFACE):
            continue
        for key in fed_of(t.directives, "key"):
            selected = collect_fields(sg, t, str(key.value("fields") or ""), True)
            key_fields |= selected
            if key.on_extension or has_fed(t.directives, "extends"):
                for coord in collect_fields(sg, t, str(key.value("fields") or "")):
                    f = sg.types[coord[0]].field(coord[1])
                    if f is not None and has_fed(f.directives, "external"):
                        fake.add(coord)
    external: set[Coord] = set()
    for t in sg.types.values():
        if t.kind is not Kind.OBJECT:
            continue
        type_external = sg.is_fed2 and has_fed(t.directives, "external")
        for f in t.fields:
            coord = (t.name, f.name)
            if (has_fed(f.directives, "external") or type_external) and coord not in fake:
                external.add(coord)
    provided: set[Coord] = set()
    used: set[Coord] = set(key_fields)
    for t in sg.types.values():
        for f in t.fields:
            target = sg.types.get(base_name(f.type))
            for d in fed_of(f.directives, "provides"):
                if target is not None and target.kind in (Kind.OBJECT, Kind.INTERFACE, Kind.UNION):
                    got = collect_fields(sg, target, str(d.value("fields") or ""), True)
                    provided |= got
                    used |= got
            for d in fed_of(f.directives, "requires"):
                used |= collect_fields(sg, t, str(d.value("fields") or ""), True)
    used |= _context_fields(sg)
    for itf in sg.types.values():
        if itf.kind is not Kind.INTERFACE:
            continue
        for impl in sg.types.values():
            if itf.name in impl.interfaces:
                used |= {(impl.name, f.name) for f in itf.fields if impl.field(f.name)}
    shareable: set[Coord] = set(key_fields)
    for t in sg.types.values():
        if t.kind is not Kind.OBJECT:
            continue
        on_type = fed_of(t.directives, "shareable")
        for f in t.fields:
            if has_fed(f.directives, "shareable") or any(
                d.on_extension == f.on_extension for d in on_type
            ):
                shareable.add((t.name, f.name))
            for _ in fed_of(f.directives, "provides"):
                target = sg.types.get(base_name(f.type))
                if target is not None:
                    for coord in collect_fields(sg, target, str(_.value("fields") or ""), True):
                        if coord in external:
                            shareable.add(coord)
    return Metadata(
        external=frozenset(external),
        fake_external=frozenset(fake),
        provided=frozenset(provided),
        shareable=frozenset(shareable),
        used=frozenset(used),
        key_fields=frozenset(key_fields),
    )
