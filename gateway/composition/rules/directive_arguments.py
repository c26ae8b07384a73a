"""INVALID_GRAPHQL for federation directive applications: unknown or missing arguments."""

from __future__ import annotations

from collections.abc import Iterator

from gateway.composition.errors import CompositionError
from gateway.composition.subgraph.model import Applied, Subgraph

__all__ = ["CODE", "check"]

CODE = "INVALID_GRAPHQL"
# directive -> {argument: (type as printed, required, first federation version)}
ARGUMENTS: dict[str, dict[str, tuple[str, bool, tuple[int, int]]]] = {
    "key": {"fields": ("FieldSet!", True, (2, 0)), "resolvable": ("Boolean", False, (2, 0))},
    "requires": {"fields": ("FieldSet!", True, (2, 0))},
    "provides": {"fields": ("FieldSet!", True, (2, 0))},
    "external": {"reason": ("String", False, (2, 0))},
    "tag": {"name": ("String!", True, (2, 0))},
    "extends": {},
    "shareable": {},
    "inaccessible": {},
    "override": {"from": ("String!", True, (2, 0)), "label": ("String", False, (2, 7))},
    "composeDirective": {"name": ("String!", True, (2, 1))},
    "interfaceObject": {},
    "authenticated": {},
    "requiresScopes": {"scopes": ("[[Scope!]!]!", True, (2, 5))},
    "policy": {"policies": ("[[Policy!]!]!", True, (2, 6))},
    "context": {"name": ("String!", True, (2, 8))},
    "fromContext": {"field": ("ContextFieldValue", False, (2, 8))},
    "cost": {"weight": ("Int!", True, (2, 9))},
    "listSize": {
        "assumedSize": ("Int", False, (2, 9)),
        "slicingArguments": ("[String!]", False, (2, 9)),
        "sizedFields": ("[String!]", False, (2, 9)),
        "requireOneSlicingArgument": ("Boolean", False, (2, 9)),
    },
}


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


def check(sg: Subgraph) -> list[CompositionError]:
    errors: list[CompositionError] = []
    version = sg.fed_version or (2, 0)
    for d in _applied(sg):
        spec = ARGUMENTS.get(d.name) if d.federation else None
        if spec is None:
            continue
        local = sg.renamed_imports.get(d.name, d.name)
        messages = []
        for arg, _ in d.args:
            known = spec.get(arg)
            if known is None or (sg.fed_version is not None and known[2] > version):
                messages.append(f'Unknown argument "{arg}" on directive "@{local}".')
        for arg, (type_, required, _) in spec.items():
            if required and not d.has_arg(arg):
                messages.append(
                    f'Directive "@{local}" argument "{arg}" of type "{type_}" is required, but it '
                    "was not provided."
                )
        errors += [
            CompositionError(
                code=CODE,
                message=f"[{sg.name}] {m}",
                locations=(d.loc,) if d.loc else (),
                subgraph=sg.name,
            )
            for m in messages
        ]
    return errors
