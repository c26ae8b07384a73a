"""INVALID_GRAPHQL for federation directive applications: unknown or missing arguments, and
locations the directive is not defined for."""

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


_TYPE_SYSTEM = (
    "FIELD_DEFINITION OBJECT INTERFACE UNION ARGUMENT_DEFINITION SCALAR ENUM ENUM_VALUE "
    "INPUT_OBJECT INPUT_FIELD_DEFINITION"
)
_ACCESS = "FIELD_DEFINITION OBJECT INTERFACE SCALAR ENUM"
LOCATIONS: dict[str, frozenset[str]] = {
    name: frozenset(text.split())
    for name, text in {
        "key": "OBJECT INTERFACE",
        "requires": "FIELD_DEFINITION",
        "provides": "FIELD_DEFINITION",
        "external": "OBJECT FIELD_DEFINITION",
        "tag": _TYPE_SYSTEM + " SCHEMA",
        "extends": "OBJECT INTERFACE",
        "shareable": "OBJECT FIELD_DEFINITION",
        "inaccessible": _TYPE_SYSTEM,
        "override": "FIELD_DEFINITION",
        "composeDirective": "SCHEMA",
        "interfaceObject": "OBJECT",
        "authenticated": _ACCESS,
        "requiresScopes": _ACCESS,
        "policy": _ACCESS,
        "context": "INTERFACE OBJECT UNION",
        "fromContext": "ARGUMENT_DEFINITION",
        "cost": "ARGUMENT_DEFINITION ENUM FIELD_DEFINITION INPUT_FIELD_DEFINITION OBJECT SCALAR",
        "listSize": "FIELD_DEFINITION",
    }.items()
}
_KIND_LOCATION = {
    "ObjectType": "OBJECT",
    "InterfaceType": "INTERFACE",
    "UnionType": "UNION",
    "EnumType": "ENUM",
    "InputObjectType": "INPUT_OBJECT",
    "ScalarType": "SCALAR",
}


def _applied_at(sg: Subgraph) -> Iterator[tuple[Applied, str]]:
    for d in sg.schema_directives:
        yield d, "SCHEMA"
    for t in sg.types.values():
        for d in t.directives:
            yield d, _KIND_LOCATION[t.kind.value]
        for f in t.fields:
            for d in f.directives:
                yield d, "FIELD_DEFINITION"
            for a in f.args:
                for d in a.directives:
                    yield d, "ARGUMENT_DEFINITION"
        for v in t.values:
            for d in v.directives:
                yield d, "ENUM_VALUE"
        for i in t.input_fields:
            for d in i.directives:
                yield d, "INPUT_FIELD_DEFINITION"


def _applied(sg: Subgraph) -> Iterator[Applied]:
    for d, _ in _applied_at(sg):
        yield d


def check(sg: Subgraph) -> list[CompositionError]:
    errors: list[CompositionError] = []
    version = sg.fed_version or (2, 0)
    for d, location in _applied_at(sg):
        allowed = LOCATIONS.get(d.name) if d.federation else None
        if allowed is not None and location not in allowed and location != "SCHEMA":
            local = sg.renamed_imports.get(d.name, d.name)
            errors.append(
                CompositionError(
                    code=CODE,
                    message=f'[{sg.name}] Directive "@{local}" may not be used on {location}.',
                    locations=(d.loc,) if d.loc else (),
                    subgraph=sg.name,
                )
            )
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
