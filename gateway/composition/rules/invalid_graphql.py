"""INVALID_GRAPHQL beyond syntax: references to undefined types and unknown directives
(including federation directives a Federation 1 schema or a missing import cannot use)."""

from __future__ import annotations

from collections.abc import Iterator

from gateway.composition.errors import CompositionError, Location
from gateway.composition.subgraph.model import Applied, Subgraph
from gateway.composition.subgraph.spec_imports import FEDERATION_DIRECTIVES
from gateway.composition.subgraph.typedefs import FEDERATION_TYPES
from gateway.composition.typeref import base_name

__all__ = ["CODE", "check"]

CODE = "INVALID_GRAPHQL"
BUILTIN_SCALARS = frozenset({"String", "Int", "Float", "Boolean", "ID"})
BUILTIN_DIRECTIVES = frozenset(
    {"deprecated", "specifiedBy", "skip", "include", "defer", "stream", "link"}
)


def _type_refs(sg: Subgraph) -> Iterator[tuple[str, Location | None]]:
    for t in sg.types.values():
        for f in t.fields:
            yield f.type, f.loc
            for a in f.args:
                yield a.type, a.loc
        for i in t.input_fields:
            yield i.type, i.loc
        for m in t.members:
            yield m, t.loc
        for itf in t.interfaces:
            yield itf, t.loc
    for d in sg.directive_defs.values():
        for a in d.args:
            yield a.type, a.loc


def _applied(sg: Subgraph) -> Iterator[Applied]:
    yield from sg.schema_directives
    for t in sg.types.values():
        yield from t.directives
        for f in t.fields:
            yield from f.directives
            for a in f.args:
                yield from a.directives
        for v in t.values:
            yield from v.directives
        for i in t.input_fields:
            yield from i.directives


def _known_type(sg: Subgraph, name: str) -> bool:
    return (
        name in sg.types
        or name in BUILTIN_SCALARS
        or name in FEDERATION_TYPES
        or name.startswith(("_", "federation__", "link__"))
    )


def _unknown_directive_message(sg: Subgraph, name: str) -> str:
    base = f'Unknown directive "@{name}".'
    if name not in FEDERATION_DIRECTIVES:
        return base
    if not sg.is_fed2:
        return (
            f'{base} If you meant the "@{name}" federation 2 directive, note that this schema is '
            "a federation 1 schema. To be a federation 2 schema, it needs to @link to the "
            "federation specifcation v2."
        )
    return (
        f'{base} If you meant the "@{name}" federation directive, you should use fully-qualified '
        f'name "@federation__{name}" or add "@{name}" to the `import` argument of the @link to '
        "the federation specification."
    )


def _reserved_names(sg: Subgraph) -> Iterator[tuple[str, Location | None]]:
    for t in sg.types.values():
        if t.name.startswith("__"):
            yield t.name, t.loc
        for f in t.fields:
            if f.name.startswith("__"):
                yield f.name, f.loc
            for a in f.args:
                if a.name.startswith("__"):
                    yield a.name, a.loc
        for i in t.input_fields:
            if i.name.startswith("__"):
                yield i.name, i.loc


def check(sg: Subgraph) -> list[CompositionError]:
    errors: list[CompositionError] = [
        CompositionError(
            code=CODE,
            message=f'[{sg.name}] Name "{name}" must not begin with "__", which is reserved by '
            "GraphQL introspection.",
            locations=(loc,) if loc else (),
            subgraph=sg.name,
        )
        for name, loc in _reserved_names(sg)
    ]
    seen: set[str] = set()
    for ref, loc in _type_refs(sg):
        name = base_name(ref)
        if not _known_type(sg, name) and name not in seen:
            seen.add(name)
            errors.append(
                CompositionError(
                    code=CODE,
                    message=f"[{sg.name}] Unknown type {name}",
                    locations=(loc,) if loc else (),
                    subgraph=sg.name,
                )
            )
    for d in _applied(sg):
        if d.federation or d.name in BUILTIN_DIRECTIVES or d.name in sg.directive_defs:
            continue
        if f"@{d.name}" in seen:
            continue
        seen.add(f"@{d.name}")
        errors.append(
            CompositionError(
                code=CODE,
                message=f"[{sg.name}] {_unknown_directive_message(sg, d.name)}",
                locations=(d.loc,) if d.loc else (),
                subgraph=sg.name,
            )
        )
    return errors
