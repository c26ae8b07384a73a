"""Merging enums (by how they are used) and unions (union of members)."""

from __future__ import annotations

from collections.abc import Mapping

from gateway.composition.errors import subgraph_names
from gateway.composition.merge.directives import merge_description, record_directives
from gateway.composition.merge.hints import hint_presence
from gateway.composition.merge.state import MergeState
from gateway.composition.output.model import SDirective, SEnumValue, SType
from gateway.composition.subgraph.model import TypeDef
from gateway.composition.typeref import base_name

__all__ = ["merge_enum", "merge_union"]


def merge_union(state: MergeState, dest: SType, sources: Mapping[int, TypeDef]) -> None:
    for t in sources.values():
        for m in t.members:
            if m not in dest.members:
                dest.members.append(m)
    for m in dest.members:
        for i, t in sources.items():
            if m in t.members:
                args = f'(graph: {state.graphs[i]}, member: "{m}")'
                dest.directives.append(SDirective(name="join__unionMember", args=args))
        hint_presence(
            state,
            "INCONSISTENT_UNION_MEMBER",
            f'Union type "{dest.name}" includes member type "{m}" in some but not all defining '
            "subgraphs: ",
            [i for i, t in sources.items() if m in t.members],
            [i for i, t in sources.items() if m not in t.members],
            f'"{m}" is defined in {{}}',
        )


def merge_enum(state: MergeState, dest: SType, sources: Mapping[int, TypeDef]) -> None:
    position, examples = state.enum_usage.get(dest.name, ("", {}))
    in_directive_args = any(
        base_name(a.type) == dest.name
        for sg in state.sgs
        for d in sg.directive_defs.values()
        for a in d.args
    )
    if not position and in_directive_args:
        position = "Input"  # merged directive definitions take it as an argument type
    if not position:
        position = "Output"
        state.hint(
            "UNUSED_ENUM_TYPE",
            f'Enum type "{dest.name}" is defined but unused. It will be included in the supergraph '
            'with all the values appearing in any subgraph ("as if" it was only used as an output '
            "type).",
        )
    names: list[str] = []
    for t in sources.values():
        names += [v.name for v in t.values if v.name not in names]
    for name in names:
        values = {i: t.value(name) for i, t in sources.items()}
        present = {i: v for i, v in values.items() if v is not None}
        value = SEnumValue(name=name)
        value.description = merge_description(
            state, {i: v.description for i, v in present.items()}, f"{dest.name}.{name}"
        )
        record_directives(
            state,
            value.directives,
            {i: v.directives for i, v in present.items()},
            coordinate=f"{dest.name}.{name}",
        )
        for i in present:
            value.directives.append(
                SDirective(name="join__enumValue", args=f"(graph: {state.graphs[i]})")
            )
        inaccessible = any(d.name == "inaccessible" for d in value.directives)
        missing = [state.names[i] for i, v in values.items() if v is None]
        defined = subgraph_names([state.names[i] for i in present])
        if missing and not inaccessible and position != "Output":
            if position == "Both":
                state.error(
                    "ENUM_VALUE_MISMATCH",
                    f'Enum type "{dest.name}" is used as both input type (for example, as type of '
                    f'"{examples.get("Input")}") and output type (for example, as type of '
                    f'"{examples.get("Output")}"), but value "{name}" is not defined in all the '
                    f'subgraphs defining "{dest.name}": "{name}" is defined in {defined} but not '
                    f"in {subgraph_names(missing)}",
                    [v.loc for v in present.values()],
                )
                dest.values[name] = value
            else:
                state.hint(
                    "INCONSISTENT_ENUM_VALUE_FOR_INPUT_ENUM",
                    f'Value "{name}" of enum type "{dest.name}" will not be part of the supergraph '
                    f'as it is not defined in all the subgraphs defining "{dest.name}": "{name}" '
                    f"is defined in {defined} but not in {subgraph_names(missing)}.",
                )
            continue
        if position == "Output":
            hint_presence(
                state,
                "INCONSISTENT_ENUM_VALUE_FOR_OUTPUT_ENUM",
                f'Value "{name}" of enum type "{dest.name}" has been added to the supergraph but '
                f'is only defined in a subset of the subgraphs defining "{dest.name}": ',
                list(present),
                [i for i, v in values.items() if v is None],
                f'"{name}" is defined in {{}}',
            )
        dest.values[name] = value
    if not dest.values:
        state.error(
            "EMPTY_MERGED_ENUM_TYPE",
            f'None of the values of enum type "{dest.name}" are defined consistently in all the '
            "subgraphs defining that type. As only values common to all subgraphs are merged, "
            "this would result in an empty type.",
            [t.loc for t in sources.values()],
        )
