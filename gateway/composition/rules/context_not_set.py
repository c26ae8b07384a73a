"""CONTEXT_NOT_SET (with CONTEXT_NAME_INVALID, NO_CONTEXT_IN_SELECTION and
CONTEXT_NO_RESOLVABLE_KEY): `@context` names and the `@fromContext` arguments that use them."""

from __future__ import annotations

import re

from gateway.composition.context import parse_context
from gateway.composition.errors import CompositionError, Location
from gateway.composition.subgraph.metadata import Metadata
from gateway.composition.subgraph.model import Kind, Subgraph, fed_of

__all__ = ["CODE", "check"]

CODE = "CONTEXT_NOT_SET"
_NAME = re.compile(r"^[A-Za-z]\w*$")


def check(sg: Subgraph, meta: Metadata) -> list[CompositionError]:
    errors: list[CompositionError] = []

    def error(code: str, message: str, loc: Location | None) -> None:
        errors.append(
            CompositionError(
                code=code,
                message=f"[{sg.name}] {message}",
                locations=(loc,) if loc else (),
                subgraph=sg.name,
            )
        )

    contexts: set[str] = set()
    for t in sg.types.values():
        for d in fed_of(t.directives, "context"):
            name = str(d.value("name") or "")
            contexts.add(name)
            if "_" in name:
                error(
                    "CONTEXT_NAME_INVALID",
                    f'Context name "{name}" may not contain an underscore.',
                    d.loc,
                )
            elif not _NAME.match(name):
                error(
                    "CONTEXT_NAME_INVALID",
                    f'Context name "{name}" is invalid. It should have only alphanumeric '
                    "characters.",
                    d.loc,
                )
    for t in sg.types.values():
        for f in t.fields:
            for a in f.args:
                for d in fed_of(a.directives, "fromContext"):
                    coord = f"{t.name}.{f.name}({a.name}:)"
                    if t.kind is not Kind.OBJECT:
                        error(
                            CODE,
                            "@fromContext argument cannot be used on a field that exists on an "
                            f'abstract type "{coord}".',
                            d.loc,
                        )
                        continue
                    if a.default is not None:
                        error(
                            CODE,
                            f'@fromContext arguments may not have a default value: "{coord}".',
                            d.loc,
                        )
                    raw = str(d.value("field") or "")
                    context, selection = parse_context(raw)
                    if not context or not selection:
                        error(
                            "NO_CONTEXT_IN_SELECTION",
                            f'@fromContext argument does not reference a context "{raw}".',
                            d.loc,
                        )
                        continue
                    if context not in contexts:
                        error(
                            CODE,
                            f'Context "{context}" is used at location "{coord}" but is never set.',
                            d.loc,
                        )
                    keys = fed_of(t.directives, "key")
                    if not any(k.value("resolvable") is not False for k in keys):
                        error(
                            "CONTEXT_NO_RESOLVABLE_KEY",
                            f'Object "{t.name}" has no resolvable key but has a field with a '
                            "contextual argument.",
                            t.loc,
                        )
    return errors
