"""Fetch groups → plan nodes: merge compatible groups, order them, print their operations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from graphql import (
    ArgumentNode,
    DirectiveNode,
    NameNode,
    OperationType,
    VariableDefinitionNode,
    VariableNode,
    print_ast,
)

from gateway.plan import (
    ANY_INDEX,
    ConditionNode,
    DeferNode,
    DeferredNode,
    FetchNode,
    FlattenNode,
    Key,
    ParallelNode,
    PathElement,
    PlanNode,
    RequiresField,
    RequiresInlineFragment,
    RequiresSelection,
    SequenceNode,
    TypeCondition,
)
from gateway.planner.groups import Condition, FetchGroup, GroupSet, renames_conflict
from gateway.planner.selection import FieldSelection, SelectionTree

__all__ = ["DeferPart", "build_node", "sequence"]


@dataclass(frozen=True, slots=True, kw_only=True)
class DeferPart:
    """What the plan needs of one deferred fragment besides its fetches."""

    index: int
    label: str | None
    parent: int | None
    path: tuple[str, ...]


def _merge_selections(target: SelectionTree, source: SelectionTree) -> None:
    for key, item in source.items.items():
        existing = target.items.get(key)
        if existing is None:
            target.items[key] = item
        elif isinstance(existing, FieldSelection) and isinstance(item, FieldSelection):
            if item.children is not None:
                if existing.children is None:
                    existing.children = SelectionTree()
                _merge_selections(existing.children, item.children)
        elif not isinstance(existing, FieldSelection) and not isinstance(item, FieldSelection):
            _merge_selections(existing.children, item.children)


def _prune(groups: GroupSet) -> None:
    """Drop groups that ended up with nothing to fetch; their dependents inherit their deps."""
    for group in list(groups.groups.values()):
        if group.selection.has_content():
            continue
        del groups.groups[group.id]
        for other in groups.groups.values():
            if group.id in other.deps:
                other.deps.discard(group.id)
                other.deps |= group.deps


def _merge(groups: GroupSet) -> None:
    """Merge groups of one subgraph at one path when neither needs the other."""
    changed = True
    while changed:
        changed = False
        ordered = sorted(groups.groups.values(), key=lambda g: g.id)
        for i, first in enumerate(ordered):
            for second in ordered[i + 1 :]:
                if (first.subgraph, first.path, first.entity) != (
                    second.subgraph,
                    second.path,
                    second.entity,
                ) or not first.entity:
                    continue
                if first.defer != second.defer:
                    continue
                if renames_conflict(first.input_rewrites, second.input_rewrites):
                    continue
                if _selections_conflict(first.selection, second.selection):
                    continue
                if first.id in groups.ancestors(second.id) or second.id in groups.ancestors(
                    first.id
                ):
                    continue
                _absorb(groups, first, second)
                changed = True
                break
            if changed:
                break


def _mark_optional(narrower: SelectionTree, wider: SelectionTree) -> None:
    """Fields of `narrower` that `wider` lacks become optional, recursively.

    The merged fetch runs under the fewer conditions, with one representation for both parts:
    inputs only the more conditional part needs were fetched under its condition, and when that
    is off the representation must go without them rather than drop the entity.
    """
    for key, item in narrower.items.items():
        mine = wider.items.get(key)
        if isinstance(item, FieldSelection):
            if not isinstance(mine, FieldSelection):
                _all_optional(item)
            elif item.children is not None and mine.children is not None:
                _mark_optional(item.children, mine.children)
        elif mine is None or isinstance(mine, FieldSelection):
            for child in item.children.items.values():
                if isinstance(child, FieldSelection):
                    _all_optional(child)
                else:
                    _mark_optional(child.children, SelectionTree())
        else:
            _mark_optional(item.children, mine.children)


def _all_optional(field: FieldSelection) -> None:
    field.optional = True


def _conditional(tree: SelectionTree, conditions: tuple[Condition, ...]) -> SelectionTree:
    """The same entity selection, each type's part under `@include`/`@skip` directives."""
    directives = tuple(
        DirectiveNode(
            name=NameNode(value="include" if keep else "skip"),
            arguments=(
                ArgumentNode(
                    name=NameNode(value="if"), value=VariableNode(name=NameNode(value=variable))
                ),
            ),
        )
        for variable, keep in conditions
    )
    wrapped = SelectionTree()
    for item in tree.items.values():
        if isinstance(item, FieldSelection):
            # Entity selections hold only type conditions; a field would be a planner bug.
            raise AssertionError("entity selection with a bare field")
        inner = wrapped.add_fragment(item.type_condition, item.directives)
        # One directive per fragment: GraphQL allows `@skip` (or `@include`) only once at
        # a location, and two conditions may both be skips.
        for directive in directives:
            inner = inner.add_fragment(None, (directive,))
        _merge_selections(inner, item.children)
    return wrapped


def _selections_conflict(first: SelectionTree, second: SelectionTree) -> bool:
    """Whether merging would put two different fields under one response key."""
    for key, item in second.items.items():
        if isinstance(item, FieldSelection):
            shape = (item.name, [print_ast(a) for a in item.arguments])
            for other in first.find_key(item.response_key):
                if (other.name, [print_ast(a) for a in other.arguments]) != shape:
                    return True
                if (
                    other.children is not None
                    and item.children is not None
                    and _selections_conflict(other.children, item.children)
                ):
                    return True
            continue
        mine = first.items.get(key)
        if (
            mine is not None
            and not isinstance(mine, FieldSelection)
            and _selections_conflict(mine.children, item.children)
        ):
            return True
    return False


def _absorb(groups: GroupSet, keep: FetchGroup, gone: FetchGroup) -> None:
    """Merge `gone` into `keep`; a condition only one of them had moves into its selection."""
    common = tuple(c for c in keep.conditions if c in gone.conditions)
    # The merged fetch runs under the conditions both share; each part's own conditions move
    # into its selection, and the inputs only a part under its own conditions needs become
    # optional. With conditions neither includes, the fetch may run with both parts off: one
    # request that selects nothing, as peers plan it, rather than two requests for the same
    # entities when both are on.
    if set(gone.conditions) - set(common):
        _mark_optional(gone.requires, keep.requires)
    if set(keep.conditions) - set(common):
        _mark_optional(keep.requires, gone.requires)
    for group in (keep, gone):
        extra = tuple(c for c in group.conditions if c not in common)
        if extra:
            group.selection = _conditional(group.selection, extra)
    keep.conditions = common
    _merge_selections(keep.selection, gone.selection)
    _merge_selections(keep.requires, gone.requires)
    keep.deps |= gone.deps
    keep.deps.discard(keep.id)
    for rewrite in gone.input_rewrites:
        if rewrite not in keep.input_rewrites:
            keep.input_rewrites.append(rewrite)
    for rewrite in gone.output_rewrites:
        if rewrite not in keep.output_rewrites:
            keep.output_rewrites.append(rewrite)
    del groups.groups[gone.id]
    for other in groups.groups.values():
        if gone.id in other.deps:
            other.deps.discard(gone.id)
            if other.id != keep.id:
                other.deps.add(keep.id)


def _requires(tree: SelectionTree) -> tuple[RequiresSelection, ...]:
    result: list[RequiresSelection] = []
    for item in tree.items.values():
        if isinstance(item, FieldSelection):
            children = () if item.children is None else _requires(item.children)
            result.append(
                RequiresField(name=item.response_key, selections=children, optional=item.optional)
            )
        elif item.type_condition is not None:
            result.append(
                RequiresInlineFragment(
                    type_condition=item.type_condition, selections=_requires(item.children)
                )
            )
    return tuple(result)


def _operation(
    group: FetchGroup,
    kind: OperationType,
    name: str | None,
    variables: Sequence[VariableDefinitionNode],
) -> tuple[str, tuple[str, ...]]:
    """The subgraph operation text (compact) and the client variables it uses."""
    body: list[str] = []
    used: list[str] = []
    group.selection.render(body, used)
    by_name = {d.variable.name.value: d for d in variables}
    usages = tuple(v for v in used if v in by_name)
    definitions = [print_ast(by_name[v]) for v in usages]
    if group.entity:
        definitions.insert(0, "$representations:[_Any!]!")
        body = ["{_entities(representations:$representations)", *body, "}"]
    header = kind.value
    if name:
        header += " " + name
    if definitions:
        header += "(" + ",".join(definitions) + ")"
    return header + "".join(body), usages


def _wrap(group: FetchGroup, node: PlanNode) -> PlanNode:
    for variable, keep in reversed(group.conditions):
        node = ConditionNode(
            condition=variable,
            if_clause=node if keep else None,
            else_clause=None if keep else node,
        )
    return node


def sequence(nodes: Sequence[PlanNode]) -> PlanNode | None:
    flat: list[PlanNode] = []
    for node in nodes:
        flat.extend(node.nodes if isinstance(node, SequenceNode) else (node,))
    if not flat:
        return None
    return flat[0] if len(flat) == 1 else SequenceNode(nodes=tuple(flat))


def _parallel(nodes: Sequence[PlanNode]) -> PlanNode | None:
    flat: list[PlanNode] = []
    for node in nodes:
        flat.extend(node.nodes if isinstance(node, ParallelNode) else (node,))
    if not flat:
        return None
    return flat[0] if len(flat) == 1 else ParallelNode(nodes=tuple(flat))


def build_node(
    groups: GroupSet,
    kind: OperationType,
    operation_name: str | None,
    variables: Sequence[VariableDefinitionNode],
    counter: list[int],
    defers: Sequence[DeferPart] = (),
) -> PlanNode | None:
    """Turn the groups of one plan (or one mutation step) into a plan node.

    With deferred fragments, the groups of each are shaped apart into a `DeferNode`: the
    primary part first, then one `DeferredNode` per fragment (nested ones inside their parent).
    """
    _prune(groups)
    _merge(groups)
    fetches: dict[int, PlanNode] = {}
    for group in sorted(groups.groups.values(), key=lambda g: g.id):
        name = None
        if operation_name:
            name = f"{operation_name}__{group.subgraph}__{counter[0]}"
        counter[0] += 1
        op_kind = kind if not group.entity else OperationType.QUERY
        text, usages = _operation(group, op_kind, name, variables)
        fetch = FetchNode(
            id=group.id,
            service_name=group.subgraph,
            operation=text,
            operation_name=name,
            operation_kind=op_kind.value,
            variable_usages=usages,
            requires=_requires(group.requires) if group.entity else None,
            input_rewrites=tuple(group.input_rewrites),
            output_rewrites=tuple(group.output_rewrites),
            response_keys=_response_keys(group.selection),
        )
        node: PlanNode = (
            FlattenNode(path=flatten_path(group.path), node=fetch) if group.entity else fetch
        )
        fetches[group.id] = _wrap(group, node)
    if not defers:
        return _shape(groups, fetches, set(groups.groups))
    primary = {i for i, g in groups.groups.items() if g.defer is None}
    return DeferNode(
        primary=_shape(groups, fetches, primary),
        deferred=_deferred(groups, fetches, defers, None),
    )


def _deferred(
    groups: GroupSet,
    fetches: dict[int, PlanNode],
    defers: Sequence[DeferPart],
    parent: int | None,
) -> tuple[DeferredNode, ...]:
    nodes: list[DeferredNode] = []
    for part in defers:
        if part.parent != parent:
            continue
        ids = {i for i, g in groups.groups.items() if g.defer == part.index}
        depends = sorted({d for i in ids for d in groups.groups[i].deps if d not in ids})
        node = _shape(groups, fetches, ids)
        children = _deferred(groups, fetches, defers, part.index)
        if children:
            node = DeferNode(primary=node, deferred=children)
        nodes.append(
            DeferredNode(
                index=part.index,
                label=part.label,
                path=flatten_path(part.path),
                depends=tuple(depends),
                node=node,
            )
        )
    return tuple(nodes)


def flatten_path(path: tuple[str, ...]) -> tuple[PathElement, ...]:
    """A planner path (response keys, `@`, and `... on T` in typed paths) as plan path elements."""
    return tuple(
        ANY_INDEX
        if step == "@"
        else TypeCondition(type_name=step[7:])
        if step.startswith("... on ")
        else Key(name=step)
        for step in path
    )


def _response_keys(selection: SelectionTree) -> tuple[str, ...]:
    """The response keys a fetch selects at its top, through fragments, `__typename` left out."""
    keys: list[str] = []
    _collect_keys(selection, keys)
    return tuple(keys)


def _collect_keys(selection: SelectionTree, keys: list[str]) -> None:
    for item in selection.items.values():
        if isinstance(item, FieldSelection):
            key = item.response_key
            if key != "__typename" and key not in keys:
                keys.append(key)
        elif item.children.has_content():
            _collect_keys(item.children, keys)


def _components(groups: GroupSet, ids: set[int]) -> list[set[int]]:
    """Groups of `ids` connected by dependencies among themselves."""
    parent = {i: i for i in ids}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in ids:
        for dep in groups.groups[i].deps:
            if dep in ids:
                parent[find(i)] = find(dep)
    found: dict[int, set[int]] = {}
    for i in ids:
        found.setdefault(find(i), set()).add(i)
    return sorted(found.values(), key=min)


def _shape(groups: GroupSet, fetches: dict[int, PlanNode], ids: set[int]) -> PlanNode | None:
    """Independent parts run in parallel; within a part, its first fetches, then the rest.

    This keeps the dependency chain as short as the graph allows and never makes a fetch wait
    for one it does not depend on, except inside one connected part.
    """
    if not ids:
        return None
    components = _components(groups, ids)
    if len(components) > 1:
        return _parallel([n for c in components if (n := _shape(groups, fetches, c)) is not None])
    first = sorted(i for i in ids if not groups.groups[i].deps & ids)
    head = _parallel([fetches[i] for i in first])
    rest = _shape(groups, fetches, ids - set(first))
    return sequence([n for n in (head, rest) if n is not None])
