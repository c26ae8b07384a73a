"""Merging input object types (intersection of fields) and default values."""

from __future__ import annotations

from collections.abc import Mapping

from graphql import EnumValueNode, ListValueNode, StringValueNode, ValueNode

from gateway.composition.errors import subgraph_names
from gateway.composition.merge.directives import merge_description, record_directives
from gateway.composition.merge.field_types import (
    join_mismatch,
    merge_type_reference,
    mismatch_distribution,
)
from gateway.composition.merge.state import MergeState
from gateway.composition.output.model import SDirective, SInputValue, SType
from gateway.composition.subgraph.model import InputValue, Kind, TypeDef
from gateway.composition.typeref import base_name
from gateway.composition.values import value_str

__all__ = ["merge_default", "merge_input_object"]


def _default_str(state: MergeState, v: InputValue) -> str | None:
    """The default as Apollo prints it: a string given for an enum-typed input prints as the
    enum value it denotes."""
    if v.default is None:
        return None
    target = state.schema.types.get(base_name(v.type))
    if target is not None and target.kind is Kind.ENUM:
        return value_str(_strings_to_enums(v.default))
    return value_str(v.default)


def _strings_to_enums(node: ValueNode) -> ValueNode:
    if isinstance(node, StringValueNode):
        return EnumValueNode(value=node.value)
    if isinstance(node, ListValueNode):
        return ListValueNode(values=tuple(_strings_to_enums(x) for x in node.values))
    return node


def merge_default(
    state: MergeState, coord: str, kind: str, sources: Mapping[int, InputValue]
) -> str | None:
    dest: str | None = None
    seen = False
    inconsistent = False
    incompatible = False
    for v in sources.values():
        value = _default_str(state, v)
        if dest is None:
            dest = value
            if seen and value is not None:
                inconsistent = True
        elif dest != value:
            inconsistent = True
            if value is not None:
                incompatible = True
        seen = True
    if incompatible:
        values = {
            i: (
                f"default value {_default_str(state, v)}"
                if v.default is not None
                else "no default value"
            )
            for i, v in sources.items()
        }
        chosen = f"default value {dest}" if dest is not None else "no default value"
        parts = [
            f"{v} in {subgraph_names(n)}" for v, n in mismatch_distribution(state, values, chosen)
        ]
        code = (
            "FIELD_ARGUMENT_DEFAULT_MISMATCH"
            if kind == "Argument"
            else "INPUT_FIELD_DEFAULT_MISMATCH"
        )
        state.error(
            code,
            f'{kind} "{coord}" has incompatible default values across subgraphs: it has '
            + join_mismatch(parts),
            [v.loc for v in sources.values()],
        )
        return dest
    if inconsistent:
        without = [state.names[i] for i, v in sources.items() if v.default is None]
        with_default = [state.names[i] for i, v in sources.items() if v.default is not None]
        state.hint(
            "INCONSISTENT_DEFAULT_VALUE_PRESENCE",
            f'{kind} "{coord}" has a default value in only some subgraphs: will not use a default '
            f"in the supergraph (there is no default in {subgraph_names(without)}) but "
            f'"{coord}" has default value {dest} in {subgraph_names(with_default)}.',
        )
        return None
    return dest


def merge_input_object(state: MergeState, dest: SType, sources: Mapping[int, TypeDef]) -> None:
    names: list[str] = []
    for t in sources.values():
        names += [f.name for f in t.input_fields if f.name not in names]
    for name in names:
        fields = {i: t.input_field(name) for i, t in sources.items()}
        present = {i: f for i, f in fields.items() if f is not None}
        coord = f"{dest.name}.{name}"
        field = SInputValue(name=name, type="")
        field.description = merge_description(
            state, {i: f.description for i, f in present.items()}, coord
        )
        record_directives(
            state, field.directives, {i: f.directives for i, f in present.items()}, coordinate=coord
        )
        field.type, all_equal = merge_type_reference(
            state,
            coord,
            {i: f.type for i, f in present.items()},
            {i: f.loc for i, f in present.items()},
            True,
            False,
        )
        if not all_equal:
            for i, f in present.items():
                args = state.join_args(graph=state.graphs[i], type=f.type)
                field.directives.append(SDirective(name="join__field", args=args))
        field.default = merge_default(state, coord, "Input field", present)
        inaccessible = any(d.name == "inaccessible" for d in field.directives)
        missing = [state.names[i] for i, f in fields.items() if f is None]
        if missing and not inaccessible:
            required = [
                state.names[i]
                for i, f in present.items()
                if f.type.endswith("!") and f.default is None
            ]
            if required:
                state.error(
                    "REQUIRED_INPUT_FIELD_MISSING_IN_SOME_SUBGRAPH",
                    f'Input object field "{coord}" is required in some subgraphs but does not '
                    f"appear in all subgraphs: it is required in {subgraph_names(required)} but "
                    f"does not appear in {subgraph_names(missing)}",
                    [f.loc for f in present.values()],
                )
            else:
                state.hint(
                    "INCONSISTENT_INPUT_OBJECT_FIELD",
                    f'Input object field "{name}" will not be added to "{dest.name}" in the '
                    f"supergraph as it does not appear in all subgraphs: it is defined in "
                    f"{subgraph_names([state.names[i] for i in present])} but not in "
                    f"{subgraph_names(missing)}.",
                )
            continue
        dest.input_fields[name] = field
    if not dest.input_fields:
        state.error(
            "EMPTY_MERGED_INPUT_TYPE",
            f'None of the fields of input object type "{dest.name}" are consistently defined in '
            "all the subgraphs defining that type. As only fields common to all subgraphs are "
            "merged, this would result in an empty type.",
            [t.loc for t in sources.values()],
        )
