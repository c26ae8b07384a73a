"""Completing the merged schema with its spec machinery (links, join definitions, join__Graph)."""

from __future__ import annotations

from gateway.composition.merge.directives import merge_description
from gateway.composition.merge.hints import hint_presence
from gateway.composition.merge.state import MergeState
from gateway.composition.output.model import SInputValue
from gateway.composition.output.printer import print_directive_definition
from gateway.composition.output.specs import (
    FEATURE_DIRECTIVES,
    LINK_V1,
    feature_definitions,
    join_definitions,
    join_version_for,
)
from gateway.composition.subgraph.model import Applied, InputValue, Subgraph
from gateway.composition.values import value_str

__all__ = ["add_spec_machinery"]


def _max_fed(state: MergeState) -> tuple[int, int] | None:
    versions = [s.fed_version for s in state.sgs if s.fed_version is not None]
    return max(versions) if versions else None


def add_spec_machinery(state: MergeState) -> None:
    schema = state.schema
    version = join_version_for(_max_fed(state))
    directives, types = join_definitions(version)
    schema.links = [
        LINK_V1,
        f'@link(url: "https://specs.apollo.dev/join/{version}", for: EXECUTION)',
    ]
    links, feature_directives, feature_types = feature_definitions(
        _features_in_order(state), state.renamed
    )
    schema.links += links
    directives.update(feature_directives)
    types.update(feature_types)
    _add_composed(state, directives)
    _add_executable(state, directives)
    schema.description = merge_description(
        state, {i: s.schema_description for i, s in enumerate(state.sgs)}, None
    )
    values = "\n".join(
        f'  {g} @join__graph(name: "{sg.name}", url: "{sg.url}")'
        for g, sg in zip(state.graphs, state.sgs, strict=True)
    )
    types["join__Graph"] = "enum join__Graph {\n" + values + "\n}"
    schema.directive_defs = directives
    schema.printed_types = types


def _applied_names(sg: Subgraph) -> set[str]:
    names: set[str] = set()

    def add(directives: tuple[Applied, ...]) -> None:
        names.update(d.name for d in directives if d.federation)

    add(sg.schema_directives)
    for t in sg.types.values():
        add(t.directives)
        for f in t.fields:
            add(f.directives)
            for a in f.args:
                add(a.directives)
        for v in t.values:
            add(v.directives)
        for i in t.input_fields:
            add(i.directives)
    return names


def _features_in_order(state: MergeState) -> list[str]:
    """Feature directives in the order Apollo links their specs: subgraph by subgraph, each
    subgraph's used directives in the federation spec's definition order."""
    ordered: list[str] = []
    for sg in state.sgs:
        used = _applied_names(sg)
        # Definitions written in the SDL come first, in document order; the rest follow the
        # federation spec's order (that is the order of the subgraph schema's directives).
        local_order = [n for n in sg.defined_federation if n in FEATURE_DIRECTIVES]
        local_order += [n for n in FEATURE_DIRECTIVES if n not in local_order]
        ordered += [n for n in local_order if n in used and n not in ordered]
    return ordered


def _add_composed(state: MergeState, directives: dict[str, str]) -> None:
    seen_urls: list[str] = []
    chosen: dict[str, tuple[tuple[int, int], int]] = {}
    for idx, sg in enumerate(state.sgs):
        for local in sg.compose_directives:
            link = next((lk for lk in sg.links if any(loc == local for _, loc in lk.imports)), None)
            definition = sg.directive_defs.get(local)
            if definition is None:
                continue
            if link is not None and link.url not in seen_urls:
                seen_urls.append(link.url)
                imports = [
                    f'"@{loc}"' if spec == loc else f'{{name: "@{spec}", as: "@{loc}"}}'
                    for spec, loc in link.imports
                    if loc in sg.compose_directives
                ]
                state.schema.links.append(
                    f'@link(url: "{link.url}", import: [{", ".join(imports)}])'
                )
            # The definition comes from the subgraph linking the latest version of the spec
            # (the last such subgraph on a tie).
            version = _version(link.version) if link is not None else (0, 0)
            best = chosen.get(local)
            if best is None or version >= best[0]:
                chosen[local] = (version, idx)
    for local, (_, idx) in chosen.items():
        if local not in directives:
            directives[local] = _print_directive_def(state, idx, local)


def _version(text: str) -> tuple[int, int]:
    major, _, minor = text.lstrip("v").partition(".")
    return (int(major or 0), int(minor or 0))


def _arg(a: InputValue) -> SInputValue:
    default = value_str(a.default) if a.default is not None else None
    return SInputValue(name=a.name, type=a.type, default=default, description=a.description)


def _print_directive_def(state: MergeState, idx: int, name: str) -> str:
    d = state.sgs[idx].directive_defs[name]
    args = [_arg(a) for a in d.args]
    return print_directive_definition(name, args, d.repeatable, list(d.locations), d.description)


EXECUTABLE_LOCATIONS = frozenset(
    {
        "QUERY",
        "MUTATION",
        "SUBSCRIPTION",
        "FIELD",
        "FRAGMENT_DEFINITION",
        "FRAGMENT_SPREAD",
        "INLINE_FRAGMENT",
        "VARIABLE_DEFINITION",
    }
)


def _add_executable(state: MergeState, directives: dict[str, str]) -> None:
    """Executable directives survive when every subgraph defines them, with the locations all
    subgraphs share."""
    names: list[str] = []
    for sg in state.sgs:
        for name, d in sg.directive_defs.items():
            executable = any(loc in EXECUTABLE_LOCATIONS for loc in d.locations)
            if executable and name not in names and name not in directives:
                names.append(name)
    for name in names:
        defs = [sg.directive_defs.get(name) for sg in state.sgs]
        if any(d is None for d in defs):
            hint_presence(
                state,
                "INCONSISTENT_EXECUTABLE_DIRECTIVE_PRESENCE",
                f'Executable directive "@{name}" will not be part of the supergraph as it does not '
                "appear in all subgraphs: ",
                [i for i, d in enumerate(defs) if d is not None],
                [i for i, d in enumerate(defs) if d is None],
                "it is defined in {}",
            )
            continue
        present = [d for d in defs if d is not None]
        locations = sorted(
            set.intersection(*(set(d.locations) & EXECUTABLE_LOCATIONS for d in present))
        )
        if not locations:
            continue
        repeatable = all(d.repeatable for d in present)
        description = merge_description(state, {i: d.description for i, d in enumerate(present)})
        arg_names = [
            a.name
            for a in present[0].args
            if all(any(x.name == a.name for x in d.args) for d in present)
        ]
        args = []
        for arg_name in arg_names:
            first = next(a for a in present[0].args if a.name == arg_name)
            args.append(_arg(first))
        directives[name] = print_directive_definition(
            name, args, repeatable, locations, description
        )
