"""Changes only federation sees: a subgraph's own SDL before and after, beyond the API schema.

The API schema can stay the same while the supergraph behind it changes: a key removed, a field
no longer shareable, traffic moved by `@override`, a field leaving one subgraph while another
still serves it. Gateways then plan differently, and another subgraph's `@requires` may lose
what it needs. Kinds (all with the subgraph's name in the message):

    FEDERATION_KEY_REMOVED / _ADDED                DANGEROUS / SAFE
    FEDERATION_SHAREABLE_REMOVED / _ADDED          DANGEROUS / SAFE
    FEDERATION_EXTERNAL_ADDED / _REMOVED           DANGEROUS
    FEDERATION_OVERRIDE_ADDED / _REMOVED / _CHANGED  DANGEROUS (traffic moves between subgraphs)
    FEDERATION_INACCESSIBLE_ADDED / _REMOVED       DANGEROUS / SAFE
    FEDERATION_REQUIRES_CHANGED / FEDERATION_PROVIDES_CHANGED  DANGEROUS
    FEDERATION_FIELD_LEFT_SUBGRAPH                 DANGEROUS; BREAKING when another subgraph
                                                   marks it @external and no other subgraph
                                                   resolves it any more
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from graphql import (
    DirectiveNode,
    DocumentNode,
    GraphQLError,
    InterfaceTypeDefinitionNode,
    InterfaceTypeExtensionNode,
    ObjectTypeDefinitionNode,
    ObjectTypeExtensionNode,
    StringValueNode,
    parse,
    print_ast,
)

from registry.changes import Change, Criticality
from registry.model import SubgraphSchema

__all__ = ["federation_changes"]

_Composite = (
    ObjectTypeDefinitionNode,
    ObjectTypeExtensionNode,
    InterfaceTypeDefinitionNode,
    InterfaceTypeExtensionNode,
)


@dataclass(slots=True)
class _Field:
    directives: dict[str, list[str]] = field(default_factory=dict)


@dataclass(slots=True)
class _Type:
    keys: set[str] = field(default_factory=set)
    shareable: bool = False
    inaccessible: bool = False
    fields: dict[str, _Field] = field(default_factory=dict)


def _local(name: str) -> str:
    """`federation__key` and `key` alike (a `@link` may import names with a prefix)."""
    return name.split("__", 1)[1] if "__" in name else name


def _argument(directive: DirectiveNode, name: str) -> str:
    for argument in directive.arguments or ():
        if argument.name.value == name:
            value = argument.value
            return value.value if isinstance(value, StringValueNode) else print_ast(value)
    return ""


def _read(sdl: str) -> dict[str, _Type]:
    try:
        document: DocumentNode = parse(sdl, no_location=True)
    except GraphQLError:
        return {}
    types: dict[str, _Type] = {}
    for definition in document.definitions:
        if not isinstance(definition, _Composite):
            continue
        entry = types.setdefault(definition.name.value, _Type())
        type_directives = [_local(d.name.value) for d in definition.directives or ()]
        for directive in definition.directives or ():
            if _local(directive.name.value) == "key":
                entry.keys.add(" ".join(_argument(directive, "fields").split()))
        entry.shareable |= "shareable" in type_directives
        entry.inaccessible |= "inaccessible" in type_directives
        for node in definition.fields or ():
            declared = entry.fields.setdefault(node.name.value, _Field())
            for directive in node.directives or ():
                name = _local(directive.name.value)
                detail = {
                    "override": _argument(directive, "from")
                    + (
                        f" ({_argument(directive, 'label')})"
                        if _argument(directive, "label")
                        else ""
                    ),
                    "requires": " ".join(_argument(directive, "fields").split()),
                    "provides": " ".join(_argument(directive, "fields").split()),
                }.get(name, "")
                declared.directives.setdefault(name, []).append(detail)
            if "shareable" in type_directives:
                declared.directives.setdefault("shareable", []).append("")
    return types


def _change(kind: str, criticality: Criticality, coordinate: str, message: str) -> Change:
    return Change(
        type=kind, criticality=criticality, coordinate=coordinate, message=message, reason=None
    )


def _toggles(subgraph: str, coordinate: str, before: set[str], after: set[str]) -> Iterator[Change]:
    rules = {
        "shareable": (Criticality.DANGEROUS, Criticality.SAFE),
        "external": (Criticality.DANGEROUS, Criticality.DANGEROUS),
        "inaccessible": (Criticality.SAFE, Criticality.DANGEROUS),
    }
    for name, (removed, added) in rules.items():
        if name in before and name not in after:
            yield _change(
                f"FEDERATION_{name.upper()}_REMOVED",
                removed,
                coordinate,
                f"{coordinate} is no longer @{name} in subgraph {subgraph!r}",
            )
        elif name in after and name not in before:
            yield _change(
                f"FEDERATION_{name.upper()}_ADDED",
                added,
                coordinate,
                f"{coordinate} is now @{name} in subgraph {subgraph!r}",
            )


def _still_resolved(type_name: str, field_name: str, others: Sequence[dict[str, _Type]]) -> bool:
    for types in others:
        found = types.get(type_name)
        declared = None if found is None else found.fields.get(field_name)
        if declared is not None and "external" not in declared.directives:
            return True
    return False


def _externally_needed(type_name: str, field_name: str, others: Sequence[dict[str, _Type]]) -> bool:
    for types in others:
        found = types.get(type_name)
        declared = None if found is None else found.fields.get(field_name)
        if declared is not None and "external" in declared.directives:
            return True
    return False


def federation_changes(
    previous: SubgraphSchema, candidate: SubgraphSchema, current: Sequence[SubgraphSchema]
) -> list[Change]:
    """The federation-only changes from `previous` to `candidate` (one subgraph), judged with
    the variant's other `current` subgraphs."""
    before = _read(previous.sdl)
    after = _read(candidate.sdl)
    others = [_read(s.sdl) for s in current if s.name != candidate.name]
    name = candidate.name
    out: list[Change] = []
    for type_name in sorted(set(before) | set(after)):
        old = before.get(type_name, _Type())
        new = after.get(type_name, _Type())
        for key in sorted(old.keys - new.keys):
            out.append(
                _change(
                    "FEDERATION_KEY_REMOVED",
                    Criticality.DANGEROUS,
                    type_name,
                    f'subgraph {name!r} no longer declares @key(fields: "{key}") on {type_name}',
                )
            )
        for key in sorted(new.keys - old.keys):
            out.append(
                _change(
                    "FEDERATION_KEY_ADDED",
                    Criticality.SAFE,
                    type_name,
                    f'subgraph {name!r} declares @key(fields: "{key}") on {type_name}',
                )
            )
        type_before = {"shareable"} if old.shareable else set()
        type_after = {"shareable"} if new.shareable else set()
        type_before |= {"inaccessible"} if old.inaccessible else set()
        type_after |= {"inaccessible"} if new.inaccessible else set()
        out += _toggles(name, type_name, type_before, type_after)
        for field_name in sorted(set(old.fields) | set(new.fields)):
            coordinate = f"{type_name}.{field_name}"
            was = old.fields.get(field_name)
            now = new.fields.get(field_name)
            if was is not None and now is None:
                if "external" in was.directives:
                    continue
                needed = _externally_needed(type_name, field_name, others)
                resolved = _still_resolved(type_name, field_name, others)
                if resolved or needed:
                    breaking = needed and not resolved
                    out.append(
                        _change(
                            "FEDERATION_FIELD_LEFT_SUBGRAPH",
                            Criticality.BREAKING if breaking else Criticality.DANGEROUS,
                            coordinate,
                            f"{coordinate} leaves subgraph {name!r}"
                            + (
                                "; another subgraph needs it (@external) and none resolves it"
                                if breaking
                                else "; other subgraphs still resolve it: plans change"
                            ),
                        )
                    )
                continue
            if was is None or now is None:
                continue
            out += _toggles(
                name,
                coordinate,
                {d for d in was.directives if d in ("shareable", "external", "inaccessible")},
                {d for d in now.directives if d in ("shareable", "external", "inaccessible")},
            )
            old_override = was.directives.get("override")
            new_override = now.directives.get("override")
            if old_override != new_override:
                kind = (
                    "FEDERATION_OVERRIDE_ADDED"
                    if old_override is None
                    else "FEDERATION_OVERRIDE_REMOVED"
                    if new_override is None
                    else "FEDERATION_OVERRIDE_CHANGED"
                )
                out.append(
                    _change(
                        kind,
                        Criticality.DANGEROUS,
                        coordinate,
                        f"@override on {coordinate} in subgraph {name!r}: "
                        f"{(old_override or ['none'])[0]} → {(new_override or ['none'])[0]}; "
                        "traffic for the field moves between subgraphs",
                    )
                )
            for directive in ("requires", "provides"):
                if was.directives.get(directive) != now.directives.get(directive):
                    out.append(
                        _change(
                            f"FEDERATION_{directive.upper()}_CHANGED",
                            Criticality.DANGEROUS,
                            coordinate,
                            f"@{directive} on {coordinate} in subgraph {name!r}: "
                            f"{(was.directives.get(directive) or ['none'])[0]} → "
                            f"{(now.directives.get(directive) or ['none'])[0]}",
                        )
                    )
    return out
