"""REFERENCED_INACCESSIBLE and the other checks the API schema implies once @inaccessible
elements are removed (QUERY_ROOT_TYPE_INACCESSIBLE, ONLY_INACCESSIBLE_CHILDREN,
REQUIRED_INACCESSIBLE, IMPLEMENTED_BY_INACCESSIBLE)."""

from __future__ import annotations

import re

from gateway.composition.errors import Location
from gateway.composition.merge.state import MergeState
from gateway.composition.output.model import SDirective, SType
from gateway.composition.subgraph.model import Kind
from gateway.composition.typeref import base_name

__all__ = ["CODE", "check"]

CODE = "REFERENCED_INACCESSIBLE"


_COORD = re.compile(r"^(?P<type>\w+)(?:\.(?P<member>\w+)(?:\((?P<arg>\w+):\))?)?$")


def _locs(state: MergeState, *coords: str) -> list[Location | None]:
    """Where each schema coordinate is defined, in every subgraph defining it.

    The checks run on the merged schema; pointing back to the subgraphs' SDL is what lets
    someone find the element to change.
    """
    out: list[Location | None] = []
    for coord in coords:
        m = _COORD.match(coord)
        if m is None:
            continue
        for sg in state.sgs:
            t = sg.types.get(m["type"])
            if t is None:
                continue
            if m["member"] is None:
                out.append(t.loc)
                continue
            f = t.field(m["member"])
            if m["arg"] is not None:
                a = f.arg(m["arg"]) if f is not None else None
                out.append(a.loc if a is not None else None)
            elif f is not None:
                out.append(f.loc)
            elif (i := t.input_field(m["member"])) is not None:
                out.append(i.loc)
            elif (v := t.value(m["member"])) is not None:
                out.append(v.loc)
    return out


def _hidden(directives: list[SDirective]) -> bool:
    return any(d.name == "inaccessible" for d in directives)


def check(state: MergeState) -> None:
    types = state.schema.types
    hidden_types = {n for n, t in types.items() if _hidden(t.directives)}
    if not hidden_types and "inaccessible" not in state.used_features:
        return

    def referenced(type_ref: str, by: str) -> None:
        name = base_name(type_ref)
        if name in hidden_types:
            state.error(
                CODE,
                f'Type "{name}" is @inaccessible but is referenced by "{by}", which is in the API '
                "schema.",
                _locs(state, name, by),
            )

    query = state.schema.roots.get("query")
    if query in hidden_types:
        state.error(
            "QUERY_ROOT_TYPE_INACCESSIBLE",
            f'Type "{query}" is @inaccessible but is the root query type, which must be in the API '
            "schema.",
            _locs(state, query),
        )
    for t in types.values():
        if t.name in hidden_types:
            continue
        _check_children(state, t)
        for itf in t.interfaces:
            if itf in hidden_types:
                referenced(itf, t.name)
        for f in t.fields.values():
            if _hidden(f.directives):
                _implements_hidden(state, t, f.name)
                continue
            referenced(f.type, f"{t.name}.{f.name}")
            for a in f.args:
                coord = f"{t.name}.{f.name}({a.name}:)"
                if _hidden(a.directives):
                    if a.type.endswith("!") and a.default is None:
                        state.error(
                            "REQUIRED_INACCESSIBLE",
                            f'Argument "{coord}" is @inaccessible but is a required argument '
                            "of its field.",
                            _locs(state, coord),
                        )
                    continue
                referenced(a.type, coord)
        for fi in t.input_fields.values():
            coord = f"{t.name}.{fi.name}"
            if _hidden(fi.directives):
                if fi.type.endswith("!") and fi.default is None:
                    state.error(
                        "REQUIRED_INACCESSIBLE",
                        f'Input field "{coord}" is @inaccessible but is a required input field of '
                        "its type.",
                        _locs(state, coord),
                    )
                continue
            referenced(fi.type, coord)


def _check_children(state: MergeState, t: SType) -> None:
    match t.kind:
        case Kind.OBJECT | Kind.INTERFACE:
            children = [_hidden(f.directives) for f in t.fields.values()]
            what = "fields"
        case Kind.INPUT_OBJECT:
            children = [_hidden(f.directives) for f in t.input_fields.values()]
            what = "input fields"
        case Kind.ENUM:
            children = [_hidden(v.directives) for v in t.values.values()]
            what = "values"
        case Kind.UNION:
            members = [state.schema.types.get(m) for m in t.members]
            children = [m is not None and _hidden(m.directives) for m in members]
            what = "members"
        case _:
            return
    if children and all(children):
        state.error(
            "ONLY_INACCESSIBLE_CHILDREN",
            f'Type "{t.name}" is in the API schema but all of its {what} are @inaccessible.',
            _locs(state, t.name),
        )


def _implements_hidden(state: MergeState, t: SType, field: str) -> None:
    for itf_name in t.interfaces:
        itf = state.schema.types.get(itf_name)
        if itf is None or itf.name in {
            n for n, x in state.schema.types.items() if _hidden(x.directives)
        }:
            continue
        itf_field = itf.fields.get(field)
        if itf_field is not None and not _hidden(itf_field.directives):
            state.error(
                "IMPLEMENTED_BY_INACCESSIBLE",
                f'Field "{t.name}.{field}" is @inaccessible but implements the interface field '
                f'"{itf_name}.{field}", which is in the API schema.',
                _locs(state, f"{t.name}.{field}", f"{itf_name}.{field}"),
            )
