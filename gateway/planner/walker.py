"""The walker: places each selection of the client operation into fetch groups.

It follows field edges while the current subgraph can resolve a field, and takes a key edge
(a new entity fetch, `Flatten`ed at the current path) when it cannot.  Key fields and
`@requires` inputs are planned by the same walk in "internal" mode, so they may themselves
hop through other subgraphs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from graphql import (
    ArgumentNode,
    DirectiveNode,
    FieldNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    SelectionNode,
    SelectionSetNode,
    print_ast,
)

from gateway.operation.conditions import read_condition
from gateway.plan import Key, KeyRenamer, TypeCondition, ValueSetter
from gateway.planner.context import PlanningError, Position, can_resolve, provided_child
from gateway.planner.detours import parent_refetch, split_parts
from gateway.planner.estimates import HOP
from gateway.planner.graph import list_depth, parse_field_set
from gateway.planner.groups import FetchGroup, GroupSet, renames_conflict
from gateway.planner.hops import Hop, find_hops, key_is_local
from gateway.planner.requires import add_representation, representation_renames
from gateway.planner.roots import root_positions
from gateway.planner.runtimes import runtimes, serving_subgraphs, shared_runtimes
from gateway.planner.selection import FieldSelection, SelectionTree
from gateway.planner.state import PlanningState

__all__ = ["Walker"]


class Walker:
    """Plans selections of one operation into a `GroupSet`."""

    def __init__(self, state: PlanningState) -> None:
        self.state = state
        self.graph = state.graph
        self.groups = state.groups
        self.fragments = state.fragments
        self.client = state.client
        self.estimator = state.estimator
        self.internal_aliases = state.internal_aliases
        self._touched: list[set[int]] = []

    def plan_root(
        self,
        root_type: str,
        selections: Sequence[SelectionNode],
        slot: int = 0,
        defer: int | None = None,
    ) -> None:
        """Plan the root selections of one operation (or one mutation step) into the groups."""
        starts = root_positions(self.state, root_type, selections, slot, defer)
        for position, field, directives in starts:
            self.plan_field(position, field, directives)

    # -- bookkeeping --------------------------------------------------------------------------
    @contextmanager
    def track(self) -> Iterator[set[int]]:
        touched: set[int] = set()
        self._touched.append(touched)
        try:
            yield touched
        finally:
            self._touched.pop()
            if self._touched:
                self._touched[-1].update(touched)

    def _touch(self, group_id: int) -> None:
        if self._touched:
            self._touched[-1].add(group_id)

    # -- selections ---------------------------------------------------------------------------
    def plan_selections(self, position: Position, selections: Sequence[SelectionNode]) -> None:
        votes = self._votes(position, selections)
        if votes != position.votes:
            position = position.with_(votes=votes)
        for selection in selections:
            conditions = position.conditions
            passthrough: list[DirectiveNode] = []
            dropped = False
            for directive in selection.directives or ():
                condition = read_condition(directive)
                if condition is None:
                    continue
                if isinstance(condition, bool):
                    dropped = dropped or not condition
                    continue
                if condition not in conditions:
                    conditions = (*conditions, condition)
                passthrough.append(directive)
            if dropped:
                continue
            sub = (
                position
                if conditions == position.conditions
                else position.with_(conditions=conditions)
            )
            if not isinstance(selection, FieldNode) and not position.internal:
                deferred = self.state.deferred_at(selection.directives, position.path)
                if deferred is not None:
                    sub = sub.with_(defer=deferred)
            match selection:
                case FieldNode():
                    self.plan_field(sub, selection, tuple(passthrough))
                case InlineFragmentNode():
                    self.plan_fragment(sub, selection, tuple(passthrough))
                case FragmentSpreadNode():
                    definition = self.fragments[selection.name.value]
                    inline = InlineFragmentNode(
                        type_condition=definition.type_condition,
                        directives=(),
                        selection_set=definition.selection_set,
                    )
                    self.plan_fragment(sub, inline, tuple(passthrough))

    def _votes(
        self, position: Position, selections: Sequence[SelectionNode]
    ) -> tuple[tuple[str, int], ...]:
        """How many sibling fields each other subgraph could serve: hops go where most can."""
        graph = self.graph
        if graph.is_abstract(position.type) and not graph.is_interface_object(
            position.type, position.group.subgraph
        ):
            return ()
        counts: dict[str, int] = {}
        for selection in selections:
            if not isinstance(selection, FieldNode) or selection.name.value == "__typename":
                continue
            name = selection.name.value
            if can_resolve(graph, position, position.type, name):
                continue
            for candidate in graph.graphs_for_field(position.type, name):
                counts[candidate] = counts.get(candidate, 0) + 1
        return tuple(sorted(counts.items()))

    def key_taken(
        self, position: Position, response_key: str, name: str, arguments: tuple[ArgumentNode, ...]
    ) -> bool:
        """Whether an internal field may not use `response_key` at this position."""
        printed = " ".join(print_ast(a) for a in arguments)
        used = self.client.get(position.path, {}).get(response_key, ())
        if any(entry != (name, printed) for entry in used):
            return True
        return position.selection.key_conflicts(response_key, name, arguments)

    def _directives_for(
        self, position: Position, directives: tuple[DirectiveNode, ...]
    ) -> tuple[DirectiveNode, ...]:
        """Condition directives that the group itself is not already conditioned on."""
        kept = []
        for directive in directives:
            condition = read_condition(directive)
            if isinstance(condition, tuple) and condition in position.group.conditions:
                continue
            kept.append(directive)
        return tuple(kept)

    def plan_fragment(
        self,
        position: Position,
        fragment: InlineFragmentNode,
        directives: tuple[DirectiveNode, ...],
    ) -> None:
        directives = self._directives_for(position, directives)
        if directives:
            # Keep the condition in the subgraph operation with a type-less fragment.
            position = position.with_(selection=position.selection.add_fragment(None, directives))
        selections = fragment.selection_set.selections
        condition = fragment.type_condition.name.value if fragment.type_condition else position.type
        current = position.type
        graph = self.graph
        subgraph = position.group.subgraph
        if condition == current:
            self.plan_selections(position, selections)
            return
        object_like = not graph.is_abstract(current) or graph.is_interface_object(current, subgraph)
        if not graph.is_abstract(current):
            if graph.is_abstract(condition) and graph.implements(current, condition):
                self.plan_selections(position, selections)
            return
        if object_like:
            # An @interfaceObject knows no concrete types: find them where the interface lives.
            entered = self._enter_entity(position, "__typename", None)
            self.plan_fragment(entered, fragment, ())
            return
        runtime = runtimes(graph, position)
        position.selection.add_field("__typename")
        if not graph.is_abstract(condition):
            if condition in runtime:
                sub = position.selection.add_fragment(condition)
                self.plan_selections(self._narrow(position, sub, condition), selections)
            return
        targets = [t for t in runtime if graph.implements(t, condition)]
        if not targets:
            return
        condition_here = graph.in_graph(condition, subgraph) and not graph.is_interface_object(
            condition, subgraph
        )
        if condition_here and set(targets) <= set(
            graph.runtime_types_in_graph(condition, subgraph)
        ):
            sub = position.selection.add_fragment(condition)
            self.plan_selections(self._narrow(position, sub, condition), selections)
            return
        for target in targets:
            sub = position.selection.add_fragment(target)
            self.plan_selections(self._narrow(position, sub, target), selections)

    def _narrow(self, position: Position, selection: SelectionTree, type_name: str) -> Position:
        typed_path = (*position.typed_path, f"... on {type_name}")
        return position.with_(
            selection=selection, type=type_name, narrowed=True, typed_path=typed_path
        )

    # -- fields -------------------------------------------------------------------------------
    def plan_field(
        self, position: Position, node: FieldNode, directives: tuple[DirectiveNode, ...]
    ) -> None:
        name = node.name.value
        graph = self.graph
        current = position.type
        subgraph = position.group.subgraph
        interface_object = graph.is_interface_object(current, subgraph)
        if position.defer != position.group.defer and not position.internal:
            if name == "__typename" or (graph.is_abstract(current) and not interface_object):
                self._defer_abstract(position, node, directives)
                return
            entered = self._enter_deferred(position, node)
            if entered is not None:
                self.plan_field(entered, node, directives)
                return
            # No key edge leaves this object: the enclosing fetch brings the field, and only
            # its delivery is deferred.
            position = position.with_(defer=position.group.defer)
        if name == "__typename":
            if not position.group.entity and not position.path:
                return  # root __typename: the gateway answers it
            if interface_object and find_hops(self.state, position, "__typename", None):
                # The subgraph would answer with the interface's name; ask the real owner,
                # and have the object's own `__typename` corrected too (shaping reads it for
                # every spelling of `__typename`).
                entered = self._enter_entity(position, "__typename", None)
                entered.selection.add_field("__typename")
                self.plan_field(entered, node, directives)
                return
            self._touch(position.group.id)
            alias = node.alias.value if node.alias else None
            position.selection.add_field(
                "__typename", alias=alias, directives=self._directives_for(position, directives)
            )
            return
        if graph.is_abstract(current) and not interface_object:
            if self._abstract_resolvable(position, name) and (
                node.selection_set is None
                or position.internal
                or self.estimator.subtree_cost(subgraph, current, node, position.provided) < HOP
            ):
                self.add_field(position, node, directives)
                return
            # Per object type, a key edge may reach the whole subtree more cheaply.
            candidates = runtimes(graph, position)
            if not any(graph.field_def(r, name) is not None for r in candidates):
                # No object type here has the field: only an interface entity hop can help
                # (and if none exists, planning fails as it should).
                entered = self._enter_entity(position, name, node)
                self.add_field(entered, node, directives)
                return
            position.selection.add_field("__typename")
            for runtime in candidates:
                if graph.field_def(runtime, name) is None:
                    continue
                sub = position.selection.add_fragment(runtime)
                self.plan_field(self._narrow(position, sub, runtime), node, directives)
            return
        if can_resolve(graph, position, current, name):
            better = self._better_elsewhere(position, node)
            if better is not None:
                self.add_field(self.take(position, better, node), node, directives)
                return
            self.add_field(position, node, directives)
            return
        options = find_hops(self.state, position, name, node)
        if not options:
            refetch = parent_refetch(self.state, position, node)
            if refetch is not None:
                parent, edge, enclosing = refetch
                self.add_field(self.take(parent, edge, enclosing), enclosing, ())
                return
        else:
            parts = split_parts(self.state, node, options)
            for edge, part in parts:
                self.add_field(self.take(position, edge, part), part, directives)
            if parts:
                return
        entered = self._enter_entity(position, name, node)
        # The target resolves the field by construction (its @requires inputs ride along in
        # the representation), so add it there without asking again.
        self.add_field(entered, node, directives)

    def _defer_abstract(
        self, position: Position, node: FieldNode, directives: tuple[DirectiveNode, ...]
    ) -> None:
        """A deferred field of an abstract object: enter each object type's own fetch."""
        name = node.name.value
        graph = self.graph
        if name == "__typename":
            self.plan_field(position.with_(defer=position.group.defer), node, directives)
            return
        position.selection.add_field("__typename")
        for runtime in runtimes(graph, position):
            if graph.field_def(runtime, name) is None:
                continue
            sub = position.selection.add_fragment(runtime)
            self.plan_field(self._narrow(position, sub, runtime), node, directives)

    def _enter_deferred(self, position: Position, node: FieldNode) -> Position | None:
        """The entity fetch a deferred field starts in: a key edge to a subgraph resolving it
        (the current one included), taken from the fetch the object came from."""
        options = find_hops(self.state, position, node.name.value, node, same_subgraph=True)
        if not options:
            return None
        return self.take(position, options[0], node)

    def _better_elsewhere(self, position: Position, node: FieldNode) -> Hop | None:
        """A key edge after which the field's whole subtree costs less than staying here."""
        if node.selection_set is None or position.internal:
            return None
        estimator = self.estimator
        here = estimator.subtree_cost(
            position.group.subgraph, position.type, node, position.provided
        )
        if here < HOP:
            return None
        best: tuple[int, Hop] | None = None
        for option in find_hops(self.state, position, node.name.value, node):
            if option.rank[0] != 0 or option.requires is not None:
                continue  # only keys selectable here, and no @requires detours
            there = HOP + 1 + estimator.subtree_cost(option.subgraph, option.entity_type, node)
            if there <= here and (best is None or there < best[0]):
                best = (there, option)
        return None if best is None else best[1]

    def _abstract_resolvable(self, position: Position, name: str) -> bool:
        graph = self.graph
        subgraph = position.group.subgraph
        if not can_resolve(graph, position, position.type, name):
            return False
        return all(
            can_resolve(graph, position, runtime, name)
            for runtime in graph.runtime_types_in_graph(position.type, subgraph)
        )

    def add_field(
        self, position: Position, node: FieldNode, directives: tuple[DirectiveNode, ...]
    ) -> None:
        graph = self.graph
        name = node.name.value
        arguments: tuple[ArgumentNode, ...] = tuple(node.arguments or ())
        key = (node.alias or node.name).value
        alias = node.alias.value if node.alias else None
        if position.internal:
            printed = " ".join(print_ast(a) for a in arguments)
            known = self.internal_aliases.get((position.path, name, printed))
            if known is not None:
                alias = known
            elif arguments:
                # Inputs with arguments always get their own key: a client selection of the
                # same field with other arguments may land in the same fetch later.
                digest = hashlib.sha256(printed.encode()).hexdigest()[:8]
                alias = f"__internal_{name}_{digest}"
                self.internal_aliases[(position.path, name, printed)] = alias
            elif self.key_taken(position, key, name, arguments):
                alias = f"__internal_{name}"
                suffix = 0
                while self.key_taken(position, alias, name, arguments):
                    suffix += 1
                    alias = f"__internal_{name}_{suffix}"
                self.internal_aliases[(position.path, name, printed)] = alias
            key = alias or name
        field_def = graph.field_def(position.type, name)
        if field_def is None:
            raise PlanningError(f"unknown field {position.type}.{name}")
        field_in_graph = graph.field_in(position.type, name, position.group.subgraph)
        if (
            field_in_graph is not None
            and field_in_graph.type
            and position.narrowed
            and not position.internal
        ):
            # The subgraph types this field differently from the supergraph, so a sibling
            # fragment may select the same key with another type: give it a private key and
            # rename it back in the fetched data.
            digest = hashlib.sha256(field_in_graph.type.encode()).hexdigest()[:8]
            alias = f"__internal_{key}_{digest}"
            rewrite = KeyRenamer(
                path=(
                    *(
                        Key(name=p)
                        for p in position.path[_plain_length(position.group.path) :]
                        if p != "@"
                    ),
                    TypeCondition(type_name=position.type),
                    Key(name=alias),
                ),
                rename_key_to=key,
            )
            if rewrite not in position.group.output_rewrites:
                position.group.output_rewrites.append(rewrite)
        self._touch(position.group.id)
        composite = node.selection_set is not None
        added = position.selection.add_field(
            name,
            alias=alias,
            arguments=arguments,
            directives=self._directives_for(position, directives),
            composite=composite,
        )
        if node.selection_set is None or added.children is None:
            return
        child_type = field_def.type_name
        if field_in_graph is not None and field_in_graph.type:
            # The subgraph may declare a narrower type (an object where the supergraph has
            # a union): plan against what the subgraph can actually return.
            own = field_in_graph.type.strip("[]!")
            if own != child_type and graph.is_composite(own):
                child_type = own
        depth = list_depth(graph.field_type(position.type, name))
        path = (*position.path, key, *("@",) * depth)
        typed_path = (*position.typed_path, key, *("@",) * depth)
        serving = serving_subgraphs(graph, position, name)
        provided: SelectionSetNode | None
        if field_in_graph is not None and field_in_graph.provides:
            provided = parse_field_set(field_in_graph.provides)
        else:
            provided = provided_child(graph, position.provided, position.type, name)
        child = position.with_(
            selection=added.children,
            type=child_type,
            path=path,
            typed_path=typed_path,
            provided=provided,
            parent=position,
            via=node,
            narrowed=False,
            serving=serving,
            runtimes=shared_runtimes(graph, serving, child_type),
        )
        if graph.is_abstract(field_def.type_name):
            added.children.add_field("__typename")
        self.plan_selections(child, node.selection_set.selections)

    # -- key edges ----------------------------------------------------------------------------
    def _enter_entity(self, position: Position, name: str, node: FieldNode | None) -> Position:
        """Take a key edge to a subgraph that can resolve `position.type.name`."""
        options = find_hops(self.state, position, name, node)
        if not options:
            raise PlanningError(
                f"cannot plan {position.type}.{name} from subgraph {position.group.subgraph!r}"
            )
        return self.take(position, options[0], node)

    def take(self, position: Position, hop: Hop, node: FieldNode | None = None) -> Position:
        source = self._key_source(position, hop)
        key_position = source.with_(
            internal=True,
            hops=position.hops | {(position.type, hop.subgraph)},
            defer=source.group.defer,
        )
        with self.track() as touched:
            self._touch(position.group.id)
            position.selection.add_field("__typename")
            if source is not position:
                self._touch(source.group.id)
                source.selection.add_field("__typename")
            self.plan_selections(key_position, parse_field_set(hop.key).selections)
            if hop.requires:
                # Requires inputs may legitimately revisit subgraphs of the key chain.
                requires_position = position.with_(
                    internal=True, hops=frozenset(), defer=position.group.defer
                )
                self.plan_selections(requires_position, parse_field_set(hop.requires).selections)
        rep_type = position.type
        deps = frozenset(touched | {position.group.id})
        renames = representation_renames(self.state, rep_type, position.path, hop.key, hop.requires)
        salt = 0
        defer = position.defer
        group = self.groups.entity(
            hop.subgraph, position.path, deps, position.conditions, defer=defer
        )
        while renames_conflict(group.input_rewrites, renames) or _clashes(group, hop, node):
            # One representation cannot carry one field with two argument sets, and one
            # selection cannot hold one response key for two fields.
            salt += 1
            group = self.groups.entity(
                hop.subgraph, position.path, deps, position.conditions, salt, defer=defer
            )
        if salt and node is not None and _clashes_anywhere(self.groups, group, hop, position, node):
            # Sibling fragments put different fields under one key: each fetch serves only
            # the objects of its own type condition.
            group.path = position.typed_path
        group.origins.add(position.typed_path)
        # Objects from an @interfaceObject subgraph carry the interface's name until another
        # fetch names their object type, so the representation matches both spellings.
        rep_types = [rep_type]
        if self.graph.is_abstract(rep_type):
            rep_types.extend(self.graph.possible_types(rep_type))
        for each in rep_types:
            add_representation(self.state, group, each, position.path, hop.key, hop.requires)
            if each == hop.entity_type:
                continue
            rewrite = ValueSetter(
                path=(TypeCondition(type_name=each), Key(name="__typename")),
                set_value=hop.entity_type,
            )
            if rewrite not in group.input_rewrites:
                group.input_rewrites.append(rewrite)
        selection = group.selection.add_fragment(hop.entity_type)
        return position.with_(
            group=group,
            selection=selection,
            type=hop.entity_type,
            provided=None,
            hops=position.hops | {(position.type, hop.subgraph)},
            narrowed=True,
            entered_from=position,
        )

    def _key_source(self, position: Position, hop: Hop) -> Position:
        """Where to select the key for `hop`: here, or where this entity fetch was entered from.

        An entity fetch may not be able to select a key that the fetch before it at the same
        path could (an `@external` key field): the object is the same, so the key is taken
        there.
        """
        key = parse_field_set(hop.key)
        current: Position | None = position
        while current is not None:
            if current.type == position.type and key_is_local(
                self.graph, current, current.type, key
            ):
                return current
            current = current.entered_from
        return position


def _plain_length(path: tuple[str, ...]) -> int:
    """Steps of `path` that are response keys or `@` (type conditions do not count)."""
    return sum(1 for step in path if not step.startswith("... on "))


def _clashes(group: FetchGroup, hop: Hop, node: FieldNode | None) -> bool:
    """Whether `node` would take a response key `group` already uses for another field."""
    if node is None:
        return False
    key = ("t", hop.entity_type, "")
    item = group.selection.items.get(key)
    if item is None or isinstance(item, FieldSelection):
        return False
    response_key = (node.alias or node.name).value
    return item.children.key_conflicts(response_key, node.name.value, tuple(node.arguments or ()))


def _clashes_anywhere(
    groups: GroupSet, group: FetchGroup, hop: Hop, position: Position, node: FieldNode
) -> bool:
    """Make every clashing fetch at this path serve only its own type condition."""
    found = False
    for other in groups.groups.values():
        if other is group or other.subgraph != group.subgraph or not other.entity:
            continue
        if _plain_length(other.path) != _plain_length(position.path) or not _clashes(
            other, hop, node
        ):
            continue
        found = True
        if len(other.origins) == 1:
            other.path = next(iter(other.origins))
    return found
