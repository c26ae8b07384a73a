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

from gateway.plan import Key, KeyRenamer, TypeCondition, ValueSetter
from gateway.planner.conditions import condition_of
from gateway.planner.context import Ctx, PlanningError, can_resolve, provided_child
from gateway.planner.cost import HOP
from gateway.planner.detours import parent_refetch, split_parts
from gateway.planner.graph import list_depth, parse_field_set
from gateway.planner.groups import FetchGroup, GroupSet, renames_conflict
from gateway.planner.hops import Hop, find_hops, key_is_local
from gateway.planner.requires import add_representation, representation_renames
from gateway.planner.roots import root_positions
from gateway.planner.runtimes import runtimes, serving_subgraphs, shared_runtimes
from gateway.planner.selection import SelField
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

    def plan_root(self, root_type: str, selections: Sequence[SelectionNode], slot: int = 0) -> None:
        """Plan the root selections of one operation (or one mutation step) into the groups."""
        for ctx, field, directives in root_positions(self.state, root_type, selections, slot):
            self.plan_field(ctx, field, directives)

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
    def plan_selections(self, ctx: Ctx, selections: Sequence[SelectionNode]) -> None:
        votes = self._votes(ctx, selections)
        if votes != ctx.votes:
            ctx = ctx.with_(votes=votes)
        for selection in selections:
            conditions = ctx.conditions
            passthrough: list[DirectiveNode] = []
            dropped = False
            for directive in selection.directives or ():
                cond = condition_of(directive)
                if cond is None:
                    continue
                if isinstance(cond, bool):
                    dropped = dropped or not cond
                    continue
                if cond not in conditions:
                    conditions = (*conditions, cond)
                passthrough.append(directive)
            if dropped:
                continue
            sub = ctx if conditions == ctx.conditions else ctx.with_(conditions=conditions)
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

    def _votes(self, ctx: Ctx, selections: Sequence[SelectionNode]) -> tuple[tuple[str, int], ...]:
        """How many sibling fields each other subgraph could serve: hops go where most can."""
        graph = self.graph
        if graph.is_abstract(ctx.type) and not graph.is_interface_object(
            ctx.type, ctx.group.subgraph
        ):
            return ()
        counts: dict[str, int] = {}
        for selection in selections:
            if not isinstance(selection, FieldNode) or selection.name.value == "__typename":
                continue
            name = selection.name.value
            if can_resolve(graph, ctx, ctx.type, name):
                continue
            for candidate in graph.graphs_for_field(ctx.type, name):
                counts[candidate] = counts.get(candidate, 0) + 1
        return tuple(sorted(counts.items()))

    def key_taken(
        self, ctx: Ctx, response_key: str, name: str, arguments: tuple[ArgumentNode, ...]
    ) -> bool:
        """Whether an internal field may not use `response_key` at this position."""
        printed = " ".join(print_ast(a) for a in arguments)
        used = self.client.get(ctx.path, {}).get(response_key, ())
        if any(entry != (name, printed) for entry in used):
            return True
        return ctx.sel.key_conflicts(response_key, name, arguments)

    def _directives_for(
        self, ctx: Ctx, directives: tuple[DirectiveNode, ...]
    ) -> tuple[DirectiveNode, ...]:
        """Condition directives that the group itself is not already conditioned on."""
        kept = []
        for directive in directives:
            cond = condition_of(directive)
            if isinstance(cond, tuple) and cond in ctx.group.conditions:
                continue
            kept.append(directive)
        return tuple(kept)

    def plan_fragment(
        self, ctx: Ctx, fragment: InlineFragmentNode, directives: tuple[DirectiveNode, ...]
    ) -> None:
        directives = self._directives_for(ctx, directives)
        if directives:
            # Keep the condition in the subgraph operation with a type-less fragment.
            ctx = ctx.with_(sel=ctx.sel.add_fragment(None, directives))
        selections = fragment.selection_set.selections
        condition = fragment.type_condition.name.value if fragment.type_condition else ctx.type
        current = ctx.type
        graph = self.graph
        subgraph = ctx.group.subgraph
        if condition == current:
            self.plan_selections(ctx, selections)
            return
        object_like = not graph.is_abstract(current) or graph.is_interface_object(current, subgraph)
        if not graph.is_abstract(current):
            if graph.is_abstract(condition) and graph.implements(current, condition):
                self.plan_selections(ctx, selections)
            return
        if object_like:
            # An @interfaceObject knows no concrete types: find them where the interface lives.
            hop = self._hop(ctx, "__typename", None)
            self.plan_fragment(hop, fragment, ())
            return
        runtime = runtimes(graph, ctx)
        ctx.sel.add_field("__typename")
        if not graph.is_abstract(condition):
            if condition in runtime:
                sub = ctx.sel.add_fragment(condition)
                self.plan_selections(self._narrow(ctx, sub, condition), selections)
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
            sub = ctx.sel.add_fragment(condition)
            self.plan_selections(self._narrow(ctx, sub, condition), selections)
            return
        for target in targets:
            sub = ctx.sel.add_fragment(target)
            self.plan_selections(self._narrow(ctx, sub, target), selections)

    def _narrow(self, ctx: Ctx, sel: object, type_name: str) -> Ctx:
        typed_path = (*ctx.typed_path, f"... on {type_name}")
        return ctx.with_(sel=sel, type=type_name, narrowed=True, typed_path=typed_path)

    # -- fields -------------------------------------------------------------------------------
    def plan_field(self, ctx: Ctx, node: FieldNode, directives: tuple[DirectiveNode, ...]) -> None:
        name = node.name.value
        graph = self.graph
        current = ctx.type
        subgraph = ctx.group.subgraph
        interface_object = graph.is_interface_object(current, subgraph)
        if name == "__typename":
            if not ctx.group.entity and not ctx.path:
                return  # root __typename: the gateway answers it
            if interface_object and find_hops(self.state, ctx, "__typename", None):
                # The subgraph would answer with the interface's name; ask the real owner,
                # and have the object's own `__typename` corrected too (shaping reads it for
                # every spelling of `__typename`).
                hop = self._hop(ctx, "__typename", None)
                hop.sel.add_field("__typename")
                self.plan_field(hop, node, directives)
                return
            self._touch(ctx.group.id)
            alias = node.alias.value if node.alias else None
            ctx.sel.add_field(
                "__typename", alias=alias, directives=self._directives_for(ctx, directives)
            )
            return
        if graph.is_abstract(current) and not interface_object:
            if self._abstract_resolvable(ctx, name) and (
                node.selection_set is None
                or ctx.internal
                or self.estimator.subtree_cost(subgraph, current, node, ctx.provided) < HOP
            ):
                self.add_field(ctx, node, directives)
                return
            # Per object type, a key edge may reach the whole subtree more cheaply.
            candidates = runtimes(graph, ctx)
            if not any(graph.field_def(r, name) is not None for r in candidates):
                # No object type here has the field: only an interface entity hop can help
                # (and if none exists, planning fails as it should).
                hop = self._hop(ctx, name, node)
                self.add_field(hop, node, directives)
                return
            ctx.sel.add_field("__typename")
            for runtime in candidates:
                if graph.field_def(runtime, name) is None:
                    continue
                sub = ctx.sel.add_fragment(runtime)
                self.plan_field(self._narrow(ctx, sub, runtime), node, directives)
            return
        if can_resolve(graph, ctx, current, name):
            better = self._better_elsewhere(ctx, node)
            if better is not None:
                self.add_field(self.take(ctx, better, node), node, directives)
                return
            self.add_field(ctx, node, directives)
            return
        options = find_hops(self.state, ctx, name, node)
        if not options:
            refetch = parent_refetch(self.state, ctx, node)
            if refetch is not None:
                parent, edge, enclosing = refetch
                self.add_field(self.take(parent, edge, enclosing), enclosing, ())
                return
        else:
            parts = split_parts(self.state, node, options)
            for edge, part in parts:
                self.add_field(self.take(ctx, edge, part), part, directives)
            if parts:
                return
        hop = self._hop(ctx, name, node)
        # The target resolves the field by construction (its @requires inputs ride along in
        # the representation), so add it there without asking again.
        self.add_field(hop, node, directives)

    def _better_elsewhere(self, ctx: Ctx, node: FieldNode) -> Hop | None:
        """A key edge after which the field's whole subtree costs less than staying here."""
        if node.selection_set is None or ctx.internal:
            return None
        estimator = self.estimator
        here = estimator.subtree_cost(ctx.group.subgraph, ctx.type, node, ctx.provided)
        if here < HOP:
            return None
        best: tuple[int, Hop] | None = None
        for option in find_hops(self.state, ctx, node.name.value, node):
            if option.rank[0] != 0 or option.requires is not None:
                continue  # only keys selectable here, and no @requires detours
            there = HOP + 1 + estimator.subtree_cost(option.subgraph, option.entity_type, node)
            if there <= here and (best is None or there < best[0]):
                best = (there, option)
        return None if best is None else best[1]

    def _abstract_resolvable(self, ctx: Ctx, name: str) -> bool:
        graph = self.graph
        subgraph = ctx.group.subgraph
        if not can_resolve(graph, ctx, ctx.type, name):
            return False
        return all(
            can_resolve(graph, ctx, runtime, name)
            for runtime in graph.runtime_types_in_graph(ctx.type, subgraph)
        )

    def add_field(self, ctx: Ctx, node: FieldNode, directives: tuple[DirectiveNode, ...]) -> None:
        graph = self.graph
        name = node.name.value
        arguments: tuple[ArgumentNode, ...] = tuple(node.arguments or ())
        key = (node.alias or node.name).value
        alias = node.alias.value if node.alias else None
        if ctx.internal:
            printed = " ".join(print_ast(a) for a in arguments)
            known = self.internal_aliases.get((ctx.path, name, printed))
            if known is not None:
                alias = known
            elif arguments:
                # Inputs with arguments always get their own key: a client selection of the
                # same field with other arguments may land in the same fetch later.
                digest = hashlib.sha256(printed.encode()).hexdigest()[:8]
                alias = f"__internal_{name}_{digest}"
                self.internal_aliases[(ctx.path, name, printed)] = alias
            elif self.key_taken(ctx, key, name, arguments):
                alias = f"__internal_{name}"
                suffix = 0
                while self.key_taken(ctx, alias, name, arguments):
                    suffix += 1
                    alias = f"__internal_{name}_{suffix}"
                self.internal_aliases[(ctx.path, name, printed)] = alias
            key = alias or name
        fdef = graph.field_def(ctx.type, name)
        if fdef is None:
            raise PlanningError(f"unknown field {ctx.type}.{name}")
        fig = graph.field_in(ctx.type, name, ctx.group.subgraph)
        if fig is not None and fig.type and ctx.narrowed and not ctx.internal:
            # The subgraph types this field differently from the supergraph, so a sibling
            # fragment may select the same key with another type: give it a private key and
            # rename it back in the fetched data.
            digest = hashlib.sha256(fig.type.encode()).hexdigest()[:8]
            alias = f"__internal_{key}_{digest}"
            rewrite = KeyRenamer(
                path=(
                    *(Key(name=p) for p in ctx.path[_plain_length(ctx.group.path) :] if p != "@"),
                    TypeCondition(type_name=ctx.type),
                    Key(name=alias),
                ),
                rename_key_to=key,
            )
            if rewrite not in ctx.group.output_rewrites:
                ctx.group.output_rewrites.append(rewrite)
        self._touch(ctx.group.id)
        composite = node.selection_set is not None
        added = ctx.sel.add_field(
            name,
            alias=alias,
            arguments=arguments,
            directives=self._directives_for(ctx, directives),
            composite=composite,
        )
        if node.selection_set is None or added.children is None:
            return
        child_type = fdef.type_name
        if fig is not None and fig.type:
            # The subgraph may declare a narrower type (an object where the supergraph has
            # a union): plan against what the subgraph can actually return.
            own = fig.type.strip("[]!")
            if own != child_type and graph.is_composite(own):
                child_type = own
        depth = list_depth(graph.field_type(ctx.type, name))
        path = (*ctx.path, key, *("@",) * depth)
        typed_path = (*ctx.typed_path, key, *("@",) * depth)
        serving = serving_subgraphs(graph, ctx, name)
        provided: SelectionSetNode | None
        if fig is not None and fig.provides:
            provided = parse_field_set(fig.provides)
        else:
            provided = provided_child(graph, ctx.provided, ctx.type, name)
        child = ctx.with_(
            sel=added.children,
            type=child_type,
            path=path,
            typed_path=typed_path,
            provided=provided,
            parent=ctx,
            via=node,
            narrowed=False,
            serving=serving,
            runtimes=shared_runtimes(graph, serving, child_type),
        )
        if graph.is_abstract(fdef.type_name):
            added.children.add_field("__typename")
        self.plan_selections(child, node.selection_set.selections)

    # -- key edges ----------------------------------------------------------------------------
    def _hop(self, ctx: Ctx, name: str, node: FieldNode | None) -> Ctx:
        """Take a key edge to a subgraph that can resolve `ctx.type.name`."""
        options = find_hops(self.state, ctx, name, node)
        if not options:
            raise PlanningError(
                f"cannot plan {ctx.type}.{name} from subgraph {ctx.group.subgraph!r}"
            )
        return self.take(ctx, options[0], node)

    def take(self, ctx: Ctx, hop: Hop, node: FieldNode | None = None) -> Ctx:
        source = self._key_source(ctx, hop)
        key_ctx = source.with_(internal=True, hops=ctx.hops | {(ctx.type, hop.subgraph)})
        with self.track() as touched:
            self._touch(ctx.group.id)
            ctx.sel.add_field("__typename")
            if source is not ctx:
                self._touch(source.group.id)
                source.sel.add_field("__typename")
            self.plan_selections(key_ctx, parse_field_set(hop.key).selections)
            if hop.requires:
                # Requires inputs may legitimately revisit subgraphs of the key chain.
                requires_ctx = ctx.with_(internal=True, hops=frozenset())
                self.plan_selections(requires_ctx, parse_field_set(hop.requires).selections)
        rep_type = ctx.type
        deps = frozenset(touched | {ctx.group.id})
        renames = representation_renames(self.state, rep_type, ctx.path, hop.key, hop.requires)
        salt = 0
        group = self.groups.entity(hop.subgraph, ctx.path, deps, ctx.conditions)
        while renames_conflict(group.input_rewrites, renames) or _clashes(group, hop, node):
            # One representation cannot carry one field with two argument sets, and one
            # selection cannot hold one response key for two fields.
            salt += 1
            group = self.groups.entity(hop.subgraph, ctx.path, deps, ctx.conditions, salt)
        if salt and node is not None and _clashes_anywhere(self.groups, group, hop, ctx, node):
            # Sibling fragments put different fields under one key: each fetch serves only
            # the objects of its own type condition.
            group.path = ctx.typed_path
        group.origins.add(ctx.typed_path)
        # Objects from an @interfaceObject subgraph carry the interface's name until another
        # fetch names their object type, so the representation matches both spellings.
        rep_types = [rep_type]
        if self.graph.is_abstract(rep_type):
            rep_types.extend(self.graph.possible_types(rep_type))
        for each in rep_types:
            add_representation(self.state, group, each, ctx.path, hop.key, hop.requires)
            if each == hop.entity_type:
                continue
            rewrite = ValueSetter(
                path=(TypeCondition(type_name=each), Key(name="__typename")),
                set_value=hop.entity_type,
            )
            if rewrite not in group.input_rewrites:
                group.input_rewrites.append(rewrite)
        sel = group.selection.add_fragment(hop.entity_type)
        return ctx.with_(
            group=group,
            sel=sel,
            type=hop.entity_type,
            provided=None,
            hops=ctx.hops | {(ctx.type, hop.subgraph)},
            narrowed=True,
            entered_from=ctx,
        )

    def _key_source(self, ctx: Ctx, hop: Hop) -> Ctx:
        """Where to select the key for `hop`: here, or where this entity fetch was entered from.

        An entity fetch may not be able to select a key that the fetch before it at the same
        path could (an `@external` key field): the object is the same, so the key is taken
        there.
        """
        key = parse_field_set(hop.key)
        current: Ctx | None = ctx
        while current is not None:
            if current.type == ctx.type and key_is_local(self.graph, current, current.type, key):
                return current
            current = current.entered_from
        return ctx


def _plain_length(path: tuple[str, ...]) -> int:
    """Steps of `path` that are response keys or `@` (type conditions do not count)."""
    return sum(1 for step in path if not step.startswith("... on "))


def _clashes(group: FetchGroup, hop: Hop, node: FieldNode | None) -> bool:
    """Whether `node` would take a response key `group` already uses for another field."""
    if node is None:
        return False
    key = ("t", hop.entity_type, "")
    item = group.selection.items.get(key)
    if item is None or isinstance(item, SelField):
        return False
    response_key = (node.alias or node.name).value
    return item.children.key_conflicts(response_key, node.name.value, tuple(node.arguments or ()))


def _clashes_anywhere(
    groups: GroupSet, group: FetchGroup, hop: Hop, ctx: Ctx, node: FieldNode
) -> bool:
    """Make every clashing fetch at this path serve only its own type condition."""
    found = False
    for other in groups.groups.values():
        if other is group or other.subgraph != group.subgraph or not other.entity:
            continue
        if _plain_length(other.path) != _plain_length(ctx.path) or not _clashes(other, hop, node):
            continue
        found = True
        if len(other.origins) == 1:
            other.path = next(iter(other.origins))
    return found
