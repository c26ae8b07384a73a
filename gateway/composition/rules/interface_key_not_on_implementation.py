"""INTERFACE_KEY_NOT_ON_IMPLEMENTATION: a @key on an interface must be on every implementation
in the same subgraph (and be resolvable there when it is resolvable on the interface)."""

from __future__ import annotations

from gateway.composition.errors import CompositionError
from gateway.composition.fieldset import FieldSetError, Sel, parse_field_set
from gateway.composition.subgraph.metadata import Metadata
from gateway.composition.subgraph.model import Kind, Subgraph, fed_of
from gateway.composition.values import value_str

__all__ = ["CODE", "check"]

CODE = "INTERFACE_KEY_NOT_ON_IMPLEMENTATION"


def _normal(text: object) -> tuple[Sel, ...] | None:
    try:
        return parse_field_set(str(text))
    except FieldSetError:
        return None


def _types(names: list[str]) -> str:
    quoted = [f'"{n}"' for n in names]
    if len(quoted) == 1:
        return f"type {quoted[0]}"
    return "types " + ", ".join(quoted[:-1]) + " and " + quoted[-1]


def check(subgraph: Subgraph, meta: Metadata) -> list[CompositionError]:
    errors = []
    for itf in subgraph.types.values():
        if itf.kind is not Kind.INTERFACE:
            continue
        impls = [
            t for t in subgraph.types.values() if itf.name in t.interfaces and t.kind is Kind.OBJECT
        ]
        for key in fed_of(itf.directives, "key"):
            wanted = _normal(key.value("fields"))
            resolvable = key.value("resolvable") is not False
            missing: list[str] = []
            unresolvable: list[str] = []
            for t in impls:
                match = next(
                    (
                        k
                        for k in fed_of(t.directives, "key")
                        if _normal(k.value("fields")) == wanted
                    ),
                    None,
                )
                if match is None:
                    missing.append(t.name)
                elif resolvable and match.value("resolvable") is False:
                    unresolvable.append(t.name)
            printed = "@key(" + ", ".join(f"{n}: {value_str(v)}" for n, v in key.args) + ")"
            if missing:
                message = (
                    f'Key {printed} on interface type "{itf.name}" is missing on implementation '
                    f"{_types(missing)}."
                )
            elif unresolvable:
                message = (
                    f'Key {printed} on interface type "{itf.name}" should be resolvable on all '
                    'implementation types, but is declared with argument "@key(resolvable:)" set '
                    f"to false in {_types(unresolvable)}."
                )
            else:
                continue
            errors.append(
                CompositionError(
                    code=CODE,
                    message=f"[{subgraph.name}] {message}",
                    locations=(key.loc,) if key.loc else (),
                    subgraph=subgraph.name,
                )
            )
    return errors
