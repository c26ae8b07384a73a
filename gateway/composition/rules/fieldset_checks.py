"""Walks every @key, @provides and @requires field set of one subgraph and reports the problems
found, each under the code of the rule module that owns it (key_invalid_fields, ...)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from gateway.composition.errors import CompositionError
from gateway.composition.fieldset import FieldSetError, Sel, parse_field_set, walk
from gateway.composition.subgraph.metadata import Metadata
from gateway.composition.subgraph.model import Applied, Field, Kind, Subgraph, TypeDef, fed_of
from gateway.composition.typeref import base_name
from gateway.composition.values import value_str

__all__ = ["FieldSetIssue", "field_set_issues"]


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldSetIssue:
    code: str
    error: CompositionError


def _printed(d: Applied, local: str) -> str:
    args = ", ".join(f"{n}: {value_str(v)}" for n, v in d.args)
    return f"@{local}({args})"


def field_set_issues(sg: Subgraph, meta: Metadata) -> Iterator[FieldSetIssue]:
    for t in sg.types.values():
        if t.kind in (Kind.OBJECT, Kind.INTERFACE):
            for key in fed_of(t.directives, "key"):
                yield from _check(sg, meta, "key", key, t, f'type "{t.name}"')
        for f in t.fields:
            for d in fed_of(f.directives, "requires"):
                yield from _check(sg, meta, "requires", d, t, f'field "{t.name}.{f.name}"')
            for d in fed_of(f.directives, "provides"):
                target = sg.types.get(base_name(f.type))
                if target is None or target.kind not in (Kind.OBJECT, Kind.INTERFACE, Kind.UNION):
                    continue
                yield from _check(sg, meta, "provides", d, target, f'field "{t.name}.{f.name}"')


def _check(
    sg: Subgraph, meta: Metadata, directive: str, d: Applied, parent: TypeDef, target: str
) -> Iterator[FieldSetIssue]:
    prefix = f"[{sg.name}] On {target}, for {_printed(d, directive)}: "
    upper = directive.upper()
    found: list[tuple[str, str]] = []

    def issue(code: str, message: str) -> None:
        found.append((code, message))

    def visit(
        owner: TypeDef, field: Field, selection: Sel, up: tuple[tuple[str, str], ...]
    ) -> None:
        coord = f"{owner.name}.{field.name}"
        if directive == "key":
            target_type = sg.types.get(base_name(field.type))
            if target_type is not None and target_type.kind in (Kind.INTERFACE, Kind.UNION):
                kind = "Interface" if target_type.kind is Kind.INTERFACE else "Union"
                issue(
                    "KEY_FIELDS_SELECT_INVALID_TYPE",
                    f'field "{coord}" is a {kind} type which is not allowed in @key',
                )
        if directive != "requires" and field.args:
            issue(
                f"{upper}_FIELDS_HAS_ARGS",
                f"field {coord} cannot be included because it has arguments (fields with argument "
                f"are not allowed in @{directive})",
            )
        must_be_external = (
            directive != "key"
            and not selection.children
            and not any(_external_ancestor(sg, meta, c) for c in up)
        )
        if must_be_external and not meta.is_external(owner.name, field.name):
            if (owner.name, field.name) in meta.fake_external:
                issue(
                    f"{upper}_FIELDS_MISSING_EXTERNAL",
                    f'field "{coord}" should not be part of a @{directive} since it is already '
                    '"effectively" provided by this subgraph (while it is marked @external, it is '
                    "a @key field of an extension type, which are not internally considered "
                    "external for historical/backward compatibility reasons)",
                )
            else:
                issue(
                    f"{upper}_FIELDS_MISSING_EXTERNAL",
                    f'field "{coord}" should not be part of a @{directive} since it is already '
                    "provided by this subgraph (it is not marked @external)",
                )

    fields = d.value("fields")
    try:
        if not isinstance(fields, str):
            raise FieldSetError('Invalid value for argument "fields": must be a string.')
        walk(sg, parent, parse_field_set(fields), visit)
    except FieldSetError as exc:
        msg = exc.message
        if msg.startswith("Cannot query field"):
            msg = msg.rstrip(".")
            if directive == "key":
                msg += (
                    " (the field should either be added to this subgraph or, if it should not be "
                    "resolved by this subgraph, you need to add it to this subgraph with "
                    "@external)."
                )
            else:
                msg += (
                    " (if the field is defined in another subgraph, you need to add it to this "
                    "subgraph with @external)."
                )
        found.append((f"{upper}_INVALID_FIELDS", msg))
    for code, message in found:
        yield FieldSetIssue(
            code=code,
            error=CompositionError(
                code=code,
                message=prefix + message,
                locations=(d.loc,) if d.loc else (),
                subgraph=sg.name,
            ),
        )


def _external_ancestor(sg: Subgraph, meta: Metadata, coord: tuple[str, str]) -> bool:
    if meta.is_external(*coord):
        return True
    owner = sg.types.get(coord[0])
    if owner is None or owner.kind is not Kind.INTERFACE:
        return False
    return any(
        owner.name in t.interfaces and meta.is_external(t.name, coord[1]) for t in sg.types.values()
    )
