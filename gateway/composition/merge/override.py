"""Validating `@override` on one field and recording which subgraph definitions it overrides."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from gateway.composition.merge.state import MergeState
from gateway.composition.subgraph.model import Field, Kind, fed_of, has_fed

__all__ = ["OverrideContext", "validate_override"]

_LABEL = re.compile(r"^[a-zA-Z][a-zA-Z0-9_\-:./]*$")
_PERCENT = re.compile(r"^percent\((\d{1,2}(\.\d{1,8})?|100)\)$")


@dataclass(slots=True)
class OverrideContext:
    """Per subgraph index: 'used' / 'unused' overridden, labels, and targetless overrides."""

    overridden: dict[int, str] = field(default_factory=dict)
    labels: dict[int, str] = field(default_factory=dict)
    unknown_target: set[int] = field(default_factory=set)

    def any_used_or_labelled(self) -> bool:
        return "used" in self.overridden.values() or bool(self.labels)


def validate_override(
    state: MergeState, coordinate: tuple[str, str], sources: Mapping[int, Field | None]
) -> OverrideContext:
    ctx = OverrideContext()
    if coordinate not in state.fields_with_override:
        return ctx
    type_name, field_name = coordinate
    coord = f"{type_name}.{field_name}"
    overrides = {
        idx: fed_of(f.directives, "override")[0]
        for idx, f in sources.items()
        if f is not None and has_fed(f.directives, "override")
    }
    with_override = {state.names[i] for i in overrides}
    for idx, directive in overrides.items():
        name = state.names[idx]
        parent = state.sgs[idx].types[type_name]
        if parent.kind is Kind.INTERFACE:
            state.error(
                "OVERRIDE_ON_INTERFACE",
                f'@override cannot be used on field "{coord}" on subgraph "{name}": @override is '
                "not supported on interface type fields.",
                [directive.loc],
            )
            continue
        source = str(directive.value("from") or "")
        if source not in state.names:
            ctx.unknown_target.add(idx)
            state.hint(
                "FROM_SUBGRAPH_DOES_NOT_EXIST",
                f'Source subgraph "{source}" for field "{coord}" on subgraph "{name}" does not '
                "exist.",
                [directive.loc],
            )
            continue
        if source == name:
            state.error(
                "OVERRIDE_FROM_SELF_ERROR",
                f'Source and destination subgraphs "{source}" are the same for overridden field '
                f'"{coord}"',
                [directive.loc],
                subgraph=name,
            )
            continue
        if source in with_override:
            state.error(
                "OVERRIDE_SOURCE_HAS_OVERRIDE",
                f'Field "{coord}" on subgraph "{name}" is also marked with directive @override in '
                f'subgraph "{source}". Only one @override directive is allowed per field.',
                [directive.loc],
            )
            continue
        from_idx = state.names.index(source)
        from_field = sources.get(from_idx)
        if from_field is None:
            state.hint(
                "OVERRIDE_DIRECTIVE_CAN_BE_REMOVED",
                f'Field "{coord}" on subgraph "{name}" no longer exists in the from subgraph. The '
                "@override directive can be removed.",
                [directive.loc],
            )
            continue
        conflict = next(
            (d for d in ("requires", "provides") if has_fed(from_field.directives, d)), None
        )
        if conflict is None and state.metas[idx].is_external(type_name, field_name):
            conflict = "external"
        if conflict is not None:
            state.error(
                "OVERRIDE_COLLISION_WITH_ANOTHER_DIRECTIVE",
                f'@override cannot be used on field "{coord}" on subgraph "{name}" since "{coord}" '
                f'on "{source if conflict != "external" else name}" is marked with directive '
                f'"@{conflict}"',
                [directive.loc],
            )
            continue
        label = directive.value("label")
        if state.metas[from_idx].is_external(type_name, field_name):
            state.hint(
                "OVERRIDE_DIRECTIVE_CAN_BE_REMOVED",
                f'Field "{coord}" on subgraph "{name}" is not resolved anymore by the from '
                f'subgraph (it is marked "@external" in "{source}"). The @override directive can '
                "be removed.",
                [directive.loc],
            )
        elif coordinate in state.metas[from_idx].used:
            ctx.overridden[from_idx] = "used"
            if not label:
                state.hint(
                    "OVERRIDDEN_FIELD_CAN_BE_REMOVED",
                    f'Field "{coord}" on subgraph "{source}" is overridden. It is still used in '
                    "some federation directive(s) (@key, @requires, and/or @provides) and/or to "
                    "satisfy interface constraint(s), but consider marking it @external "
                    "explicitly or removing it along with its references.",
                    [from_field.loc],
                )
        else:
            ctx.overridden[from_idx] = "unused"
            if not label:
                state.hint(
                    "OVERRIDDEN_FIELD_CAN_BE_REMOVED",
                    f'Field "{coord}" on subgraph "{source}" is overridden. Consider removing it.',
                    [from_field.loc],
                )
        if label and from_idx in ctx.overridden:
            label = str(label)
            valid = bool(_LABEL.match(label))
            match = _PERCENT.match(label)
            if match and 0 <= float(match.group(1)) <= 100:
                valid = True
            if valid:
                ctx.labels[idx] = label
                ctx.labels[from_idx] = label
            else:
                state.error(
                    "OVERRIDE_LABEL_INVALID",
                    f'Invalid @override label "{label}" on field "{coord}" on subgraph "{name}": '
                    "labels must start with a letter and after that may contain alphanumerics, "
                    "underscores, minuses, colons, periods, or slashes. Alternatively, labels may "
                    'be of the form "percent(x)" where x is a float between 0-100 inclusive.',
                    [directive.loc],
                )
            if ctx.overridden.get(from_idx) == "used":
                message = (
                    f'Field "{coord}" on subgraph "{source}" is currently being migrated via '
                    "progressive @override. It is still used in some federation directive(s) "
                    "(@key, @requires, and/or @provides) and/or to satisfy interface "
                    "constraint(s). Once the migration is complete, consider marking it @external "
                    "explicitly or removing it along with its references."
                )
            else:
                message = (
                    f'Field "{coord}" is currently being migrated with progressive @override. Once '
                    f'the migration is complete, remove the field from subgraph "{source}".'
                )
            state.hint("OVERRIDE_MIGRATION_IN_PROGRESS", message, [from_field.loc])
    return ctx
