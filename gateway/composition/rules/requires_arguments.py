"""REQUIRES_INVALID_FIELDS against the merged schema: argument values in a @requires selection
must fit the field's arguments in the subgraphs that resolve it."""

from __future__ import annotations

from gateway.composition.errors import subgraph_names
from gateway.composition.fieldset import FieldSetError, Sel, parse_field_set
from gateway.composition.merge.state import MergeState
from gateway.composition.subgraph.model import fed_of
from gateway.composition.typeref import base_name

__all__ = ["CODE", "check"]

CODE = "REQUIRES_INVALID_FIELDS"


def check(state: MergeState) -> None:
    for idx, sg in enumerate(state.sgs):
        for t in sg.types.values():
            for f in t.fields:
                for d in fed_of(f.directives, "requires"):
                    try:
                        selections = parse_field_set(str(d.value("fields") or ""))
                    except FieldSetError:
                        continue
                    problem = _walk(state, idx, t.name, selections)
                    if problem is not None:
                        args = ", ".join(f'{n}: "{d.value(n)}"' for n, _ in d.args)
                        state.error(
                            CODE,
                            f'[{sg.name}] On field "{t.name}.{f.name}", for @requires({args}): '
                            + problem,
                            [d.loc],
                            subgraph=sg.name,
                        )


def _walk(state: MergeState, idx: int, type_name: str, selections: tuple[Sel, ...]) -> str | None:
    for selection in selections:
        if selection.name is None:
            problem = _walk(state, idx, selection.type_condition or type_name, selection.children)
            if problem:
                return problem
            continue
        parent = state.schema.types.get(type_name)
        field = parent.fields.get(selection.name) if parent else None
        if field is None:
            continue
        coord = f"{type_name}.{selection.name}"
        given = {name for name, _ in selection.args}
        others = [
            (s.name, local)
            for i, s in enumerate(state.sgs)
            if i != idx
            and (x := s.types.get(type_name)) is not None
            and (local := x.field(selection.name)) is not None
        ]
        for name in sorted(given):
            if field.arg(name) is None:
                missing = [n for n, local in others if local.arg(name) is None]
                if missing:
                    return (
                        f'cannot provide a value for argument "{name}" of field "{coord}" as '
                        f'argument "{name}" is not defined in {subgraph_names(missing)}'
                    )
        for arg in field.args:
            if arg.name in given or not arg.type.endswith("!") or arg.default is not None:
                continue
            required = [
                n
                for n, local in others
                if (a := local.arg(arg.name)) is not None and a.type.endswith("!")
            ]
            if required:
                return (
                    f'no value provided for argument "{arg.name}" of field "{coord}" but a value '
                    f'is mandatory as "{arg.name}" is required in {subgraph_names(required)}'
                )
        if selection.children:
            problem = _walk(state, idx, base_name(field.type), selection.children)
            if problem:
                return problem
    return None
