"""Non-fatal hints about inconsistencies between subgraphs, worded as Apollo words them."""

from __future__ import annotations

from collections.abc import Mapping

from gateway.composition.errors import subgraph_names
from gateway.composition.merge.state import MergeState
from gateway.composition.subgraph.model import Kind, TypeDef, fed_of

__all__ = ["hint_inconsistent_entity", "hint_presence", "hint_value_type_fields"]


def hint_presence(
    state: MergeState,
    code: str,
    message: str,
    present: list[int],
    absent: list[int],
    present_text: str,
    absent_text: str = " but not in {}",
) -> None:
    """`message` + `<present_text> in <present subgraphs>` + ` but not in <absent subgraphs>.`"""
    if not present or not absent:
        return
    names_present = subgraph_names([state.names[i] for i in present])
    names_absent = subgraph_names([state.names[i] for i in absent])
    state.hint(
        code, message + present_text.format(names_present) + absent_text.format(names_absent) + "."
    )


def hint_inconsistent_entity(state: MergeState, name: str, sources: Mapping[int, TypeDef]) -> bool:
    entity = [i for i, t in sources.items() if fed_of(t.directives, "key")]
    plain = [i for i in sources if i not in entity]
    hint_presence(
        state,
        "INCONSISTENT_ENTITY",
        f'Type "{name}" is declared as an entity (has a @key applied) in some but not all defining '
        "subgraphs: ",
        plain,
        entity,
        "it has no @key in {}",
        " but has some @key in {}",
    )
    return bool(entity)


def hint_value_type_fields(
    state: MergeState, kind: Kind, name: str, sources: Mapping[int, TypeDef], fields: list[str]
) -> None:
    if kind is Kind.OBJECT:
        code, description = "INCONSISTENT_OBJECT_VALUE_TYPE_FIELD", "non-entity object"
    else:
        code, description = "INCONSISTENT_INTERFACE_VALUE_TYPE_FIELD", "interface"
    for field in fields:
        considered = {
            i: t
            for i, t in sources.items()
            if not state.is_interface_object(t)
            and not all(state.metas[i].is_external(t.name, f.name) for f in t.fields)
        }
        absent = [i for i, t in considered.items() if t.field(field) is None]
        if not absent:
            continue
        present = [i for i, t in sources.items() if t.field(field) is not None]
        hint_presence(
            state,
            code,
            f'Field "{name}.{field}" of {description} type "{name}" is defined in some but not all '
            f'subgraphs that define "{name}": ',
            present,
            [i for i, t in sources.items() if t.field(field) is None],
            f'"{name}.{field}" is defined in {{}}',
        )
