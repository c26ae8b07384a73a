"""Merging one field of an object or interface type: arguments, type, externals, join__field,
and the shareability check."""

from __future__ import annotations

from collections.abc import Mapping

from gateway.composition.context import context_argument
from gateway.composition.errors import subgraph_names
from gateway.composition.merge.directives import merge_description, record_directives
from gateway.composition.merge.field_types import (
    join_mismatch,
    merge_type_reference,
    mismatch_distribution,
)
from gateway.composition.merge.inputs import merge_default
from gateway.composition.merge.override import OverrideContext
from gateway.composition.merge.state import MergeState
from gateway.composition.output.model import SDirective, SField, SInputValue
from gateway.composition.subgraph.model import Applied, Field, fed_of, has_fed
from gateway.composition.values import value_str

__all__ = ["merge_field", "validate_field_sharing"]


def merge_field(
    state: MergeState,
    type_name: str,
    dest: SField,
    sources: Mapping[int, Field | None],
    ctx: OverrideContext,
) -> None:
    coord = f"{type_name}.{dest.name}"
    present = {i: f for i, f in sources.items() if f is not None}
    abstracted = [
        (i, itf, f)
        for i in range(len(state.sgs))
        if sources.get(i) is None
        for itf, f in state.abstracted_by_interface_object(type_name, dest.name, i)
    ]
    every_external = all(
        state.metas[i].is_external(type_name, f.name) for i, f in present.items()
    ) and all(state.metas[i].is_external(itf, f.name) for i, itf, f in abstracted)
    if present and every_external:
        names = [state.names[i] for i in present]
        state.error(
            "EXTERNAL_MISSING_ON_BASE",
            f'Field "{coord}" is marked @external on all the subgraphs in which it is listed '
            f"({subgraph_names(names)}).",
            [f.loc for f in present.values()],
        )
        return
    resolving = {
        i: f for i, f in present.items() if not state.metas[i].is_external(type_name, f.name)
    }
    for i, f in present.items():
        if i in resolving:
            continue
        for d in f.directives:
            if state.is_merged_directive(i, d):
                state.error(
                    "MERGED_DIRECTIVE_APPLICATION_ON_EXTERNAL",
                    f"[{state.names[i]}] Cannot apply merged directive @{d.name}"
                    f'{_printed_args(d)} to external field "{coord}"',
                    [d.loc],
                    subgraph=state.names[i],
                )
    dest.description = merge_description(
        state, {i: f.description for i, f in resolving.items()}, coord
    )
    record_directives(
        state, dest.directives, {i: f.directives for i, f in resolving.items()}, True, coord
    )
    _merge_arguments(state, coord, dest, resolving)
    basis = resolving or present
    dest.type, all_equal = merge_type_reference(
        state,
        coord,
        {i: f.type for i, f in basis.items()},
        {i: f.loc for i, f in basis.items()},
        False,
        False,
    )
    if len(present) > len(resolving):
        _validate_externals(state, coord, dest, present, all_equal)
    _add_join_field(state, type_name, dest, sources, all_equal, ctx)


def _printed_args(d: Applied) -> str:
    if not d.args:
        return ""
    return "(" + ", ".join(f"{n}: {value_str(v)}" for n, v in d.args) + ")"


def _merge_arguments(
    state: MergeState, coord: str, dest: SField, sources: Mapping[int, Field]
) -> None:
    names: list[str] = []
    for f in sources.values():
        names += [a.name for a in f.args if a.name not in names]
    for name in names:
        args = {i: f.arg(name) for i, f in sources.items()}
        arg_coord = f"{coord}({name}:)"
        if any(a is not None and context_argument(a) for a in args.values()):
            # Filled from a context: not part of the supergraph field.
            for a in args.values():
                if a is None or context_argument(a):
                    continue
                local = f"{coord}({a.name}:)"
                if a.type.endswith("!") and a.default is None:
                    state.error(
                        "CONTEXTUAL_ARGUMENT_NOT_CONTEXTUAL_IN_ALL_SUBGRAPHS",
                        f'Argument "{arg_coord}" is contextual in at least one subgraph but in '
                        f'"{local}" it does not have @fromContext, is not nullable and has no '
                        "default value.",
                        [a.loc],
                    )
                else:
                    state.hint(
                        "CONTEXTUAL_ARGUMENT_NOT_CONTEXTUAL_IN_ALL_SUBGRAPHS",
                        f'Contextual argument "{local}" will not be included in the supergraph '
                        "since it is contextual in at least one subgraph",
                    )
            continue
        missing = [state.names[i] for i, a in args.items() if a is None]
        if missing:
            required = [
                state.names[i]
                for i, a in args.items()
                if a is not None and a.type.endswith("!") and a.default is None
            ]
            if required:
                state.error(
                    "REQUIRED_ARGUMENT_MISSING_IN_SOME_SUBGRAPH",
                    f'Argument "{arg_coord}" is required in some subgraphs but does not appear in '
                    f"all subgraphs: it is required in {subgraph_names(required)} but does not "
                    f"appear in {subgraph_names(missing)}",
                    [a.loc for a in args.values() if a is not None],
                )
            else:
                defined = [state.names[i] for i, a in args.items() if a is not None]
                state.hint(
                    "INCONSISTENT_ARGUMENT_PRESENCE",
                    f'Optional argument "{arg_coord}" will not be included in the supergraph as it '
                    f"does not appear in all subgraphs: it is defined in {subgraph_names(defined)} "
                    f"but not in {subgraph_names(missing)}.",
                )
            continue
        present = {i: a for i, a in args.items() if a is not None}
        arg = SInputValue(name=name, type="")
        arg.description = merge_description(
            state, {i: a.description for i, a in present.items()}, arg_coord
        )
        record_directives(
            state,
            arg.directives,
            {i: a.directives for i, a in present.items()},
            coordinate=arg_coord,
        )
        arg.type, _ = merge_type_reference(
            state,
            arg_coord,
            {i: a.type for i, a in present.items()},
            {i: a.loc for i, a in present.items()},
            True,
            True,
        )
        arg.default = merge_default(state, arg_coord, "Argument", present)
        dest.args.append(arg)


def _validate_externals(
    state: MergeState, coord: str, dest: SField, present: Mapping[int, Field], all_equal: bool
) -> None:
    type_name = coord.split(".")[0]
    invalid = False
    for i, f in present.items():
        if not state.metas[i].is_external(type_name, f.name):
            continue
        if not (f.type == dest.type or (not all_equal and state.strict_subtype(dest.type, f.type))):
            invalid = True
    if invalid:
        dist = mismatch_distribution(state, {i: f.type for i, f in present.items()}, dest.type)
        parts = [f'type "{v}" in {subgraph_names(n)}' for v, n in dist]
        state.error(
            "EXTERNAL_TYPE_MISMATCH",
            f'Type of field "{coord}" is incompatible across subgraphs (where marked @external): '
            f"it has " + join_mismatch(parts),
            [f.loc for f in present.values()],
        )
    externals = {i: f for i, f in present.items() if state.metas[i].is_external(type_name, f.name)}
    for arg in dest.args:
        arg_coord = f"{coord}({arg.name}:)"
        bad_type = bad_default = False
        for f in externals.values():
            local = f.arg(arg.name)
            if local is None:
                state.error(
                    "EXTERNAL_ARGUMENT_MISSING",
                    f'Field "{coord}" is missing argument "{arg_coord}" in some '
                    "subgraphs where it is marked @external.",
                    [f.loc],
                )
                continue
            if local.type != arg.type and not state.strict_subtype(local.type, arg.type):
                bad_type = True
            local_default = value_str(local.default) if local.default is not None else None
            if local_default != arg.default:
                bad_default = True
        args = {i: f.arg(arg.name) for i, f in present.items()}
        if bad_type:
            dist = mismatch_distribution(
                state, {i: a.type for i, a in args.items() if a is not None}, arg.type
            )
            parts = [f'type "{v}" in {subgraph_names(n)}' for v, n in dist]
            state.error(
                "EXTERNAL_ARGUMENT_TYPE_MISMATCH",
                f'Type of argument "{arg_coord}" is incompatible across subgraphs (where "{coord}" '
                "is marked @external): it has " + join_mismatch(parts),
                [a.loc for a in args.values() if a is not None],
            )
        if bad_default:
            shown = {
                i: f"default value {value_str(a.default)}"
                if a.default is not None
                else "no default value"
                for i, a in args.items()
                if a is not None
            }
            chosen = (
                f"default value {arg.default}" if arg.default is not None else "no default value"
            )
            parts = [
                f"{v} in {subgraph_names(n)}"
                for v, n in mismatch_distribution(state, shown, chosen)
            ]
            state.error(
                "EXTERNAL_ARGUMENT_DEFAULT_MISMATCH",
                f'Argument "{arg_coord}" has incompatible defaults across subgraphs (where '
                f'"{coord}" is marked @external): it has ' + join_mismatch(parts),
                [a.loc for a in args.values() if a is not None],
            )


def _needs_join_field(
    state: MergeState,
    type_name: str,
    sources: Mapping[int, Field | None],
    all_equal: bool,
    ctx: OverrideContext,
) -> bool:
    if not all_equal or ctx.any_used_or_labelled():
        return True
    if any(f is not None and any(context_argument(a) for a in f.args) for f in sources.values()):
        return True
    for i, f in sources.items():
        if f is None or ctx.overridden.get(i) == "unused":
            if type_name in state.sgs[i].types:
                return True
            continue
        if state.metas[i].is_external(type_name, f.name) or any(
            has_fed(f.directives, d) for d in ("provides", "requires")
        ):
            return True
    return False


def _add_join_field(
    state: MergeState,
    type_name: str,
    dest: SField,
    sources: Mapping[int, Field | None],
    all_equal: bool,
    ctx: OverrideContext,
) -> None:
    if not _needs_join_field(state, type_name, sources, all_equal, ctx):
        return
    for i, f in sources.items():
        if f is None or (ctx.overridden.get(i) == "unused" and i not in ctx.labels):
            continue
        override = fed_of(f.directives, "override")
        requires = fed_of(f.directives, "requires")
        provides = fed_of(f.directives, "provides")
        args = state.join_args(
            graph=state.graphs[i],
            requires=requires[0].value("fields") if requires else None,
            provides=provides[0].value("fields") if provides else None,
            override=override[-1].value("from") if override else None,
            type=None if all_equal else f.type,
            external=True if state.metas[i].is_external(type_name, f.name) else None,
            usedOverridden=True if ctx.overridden.get(i) == "used" else None,
            overrideLabel=ctx.labels.get(i),
            contextArguments=_context_arguments(state, i, f) or None,
        )
        dest.directives.append(SDirective(name="join__field", args=args))


def _context_arguments(state: MergeState, idx: int, f: Field) -> list[dict[str, str]]:
    out = []
    for a in f.args:
        found = context_argument(a)
        if found is not None:
            context, selection = found
            out.append(
                {
                    "context": f"{state.names[idx]}__{context}",
                    "name": a.name,
                    "type": a.type,
                    "selection": selection,
                }
            )
    return out


def validate_field_sharing(
    state: MergeState,
    type_name: str,
    dest: SField,
    sources: Mapping[int, Field | None],
    ctx: OverrideContext,
) -> None:
    shareable: list[int] = []
    non_shareable: list[int] = []
    resolving: list[int] = []
    for i, f in sources.items():
        if f is None:
            for itf, itf_field in state.abstracted_by_interface_object(type_name, dest.name, i):
                if not state.metas[i].is_fully_external(itf, itf_field.name):
                    resolving.append(i)
                    is_shareable = state.metas[i].is_shareable(itf, itf_field.name)
                    (shareable if is_shareable else non_shareable).append(i)
            continue
        if i in ctx.overridden:
            continue
        if state.metas[i].is_fully_external(type_name, f.name):
            continue
        resolving.append(i)
        (shareable if state.metas[i].is_shareable(type_name, f.name) else non_shareable).append(i)
    if non_shareable and (shareable or len(non_shareable) > 1):

        def names(idxs: list[int]) -> str:
            return subgraph_names([state.names[i] for i in idxs])

        where = names(non_shareable) if shareable else "all of them"
        extra = ""
        targetless = next((i for i in non_shareable if i in ctx.unknown_target), None)
        if targetless is not None:
            extra = (
                f' (please note that "{type_name}.{dest.name}" has an @override directive in '
                f'"{state.names[targetless]}" that targets an unknown subgraph so this could be '
                "due to misspelling the @override(from:) argument)"
            )
        state.error(
            "INVALID_FIELD_SHARING",
            f'Non-shareable field "{type_name}.{dest.name}" is resolved from multiple subgraphs: '
            f"it is resolved from {names(resolving)} and defined as non-shareable in "
            f"{where}{extra}",
            [f.loc for i, f in sources.items() if f is not None and i in resolving],
        )
