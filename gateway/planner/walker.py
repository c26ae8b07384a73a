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
    BooleanValueNode,
    DirectiveNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    NamedTypeNode,
    NameNode,
    SelectionNode,
    SelectionSetNode,
    VariableNode,
    print_ast,
)

from gateway.plan import FetchRewrite
from gateway.planner.context import Ctx, PlanningError, provided_child, provides_field
from gateway.planner.cost import INFEASIBLE, Estimator
from gateway.planner.graph import QueryGraph, list_depth, parse_field_set
from gateway.planner.groups import Condition, GroupSet, renames_conflict
from gateway.planner.hops import Hop, find_hops
from gateway.planner.requires import add_representation, representation_renames

__all__ = ["Walker"]


def _condition(directive: DirectiveNode) -> Condition | bool | None:
    """`@skip`/`@include`: a variable condition, a constant (True keeps), or None (other)."""
    name = directive.name.value
    if name not in ("skip", "include"):
        return None
    value = next((a.value for a in directive.arguments or () if a.name.value == "if"), None)
    keep_when = name == "include"
    if isinstance(value, BooleanValueNode):
        return value.value == keep_when
    if isinstance(value, VariableNode):
        return (value.name.value, keep_when)
    return True


def _with_selections(node: FieldNode, selections: tuple[SelectionNode, ...]) -> FieldNode:
    return FieldNode(
        alias=node.alias,
        name=node.name,
        arguments=node.arguments,
        directives=node.directives,
        selection_set=SelectionSetNode(selections=selections),
    )


class Walker:
    """Plans selections of one operation into a `GroupSet`."""

    def __init__(
        self,
        graph: QueryGraph,
        groups: GroupSet,
        fragments: dict[str, FragmentDefinitionNode],
    ) -> None:
        self.graph = graph
        self.groups = groups
        self.fragments = fragments
        self.estimator = Estimator(graph, fragments)
        self._touched: list[set[int]] = []
        # (path, field name, printed arguments) → alias the planner chose for an internal field
        self.internal_aliases: dict[tuple[tuple[str, ...], str, str], str] = {}

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
        if not ctx.internal:
            self._reserve(ctx, selections)
        votes = self._votes(ctx, selections)
        if votes != ctx.votes:
            ctx = ctx.with_(votes=votes)
        for selection in selections:
            conditions = ctx.conditions
            passthrough: list[DirectiveNode] = []
            dropped = False
            for directive in selection.directives or ():
                cond = _condition(directive)
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
            if self.can_resolve(ctx, ctx.type, name):
                continue
            for candidate in graph.graphs_for_field(ctx.type, name):
                counts[candidate] = counts.get(candidate, 0) + 1
        return tuple(sorted(counts.items()))

    def _reserve(self, ctx: Ctx, selections: Sequence[SelectionNode]) -> None:
        for selection in selections:
            if isinstance(selection, FieldNode):
                key = (selection.alias or selection.name).value
                ctx.sel.reserve(key, selection.name.value, selection.arguments or ())

    def _directives_for(
        self, ctx: Ctx, directives: tuple[DirectiveNode, ...]
    ) -> tuple[DirectiveNode, ...]:
        """Condition directives that the group itself is not already conditioned on."""
        kept = []
        for directive in directives:
            cond = _condition(directive)
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
        runtime = self._runtimes(ctx)
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

    def _runtimes(self, ctx: Ctx) -> tuple[str, ...]:
        """Object types the current abstract selection can have when this subgraph serves it."""
        found = self.graph.runtime_types_in_graph(ctx.type, ctx.group.subgraph)
        if ctx.runtimes is None:
            return found
        return tuple(t for t in found if t in ctx.runtimes)

    def _narrow(self, ctx: Ctx, sel: object, type_name: str) -> Ctx:
        return ctx.with_(sel=sel, type=type_name, narrowed=True)

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
            if interface_object and find_hops(self, ctx, "__typename", None):
                # The subgraph would answer with the interface's name; ask the real owner.
                hop = self._hop(ctx, "__typename", None)
                self.plan_field(hop, node, directives)
                return
            self._touch(ctx.group.id)
            alias = node.alias.value if node.alias else None
            ctx.sel.add_field(
                "__typename", alias=alias, directives=self._directives_for(ctx, directives)
            )
            return
        if graph.is_abstract(current) and not interface_object:
            if self._abstract_resolvable(ctx, name):
                self._add_field(ctx, node, directives)
                return
            runtimes = self._runtimes(ctx)
            if not any(graph.field_def(r, name) is not None for r in runtimes):
                # No object type here has the field: only an interface entity hop can help
                # (and if none exists, planning fails as it should).
                hop = self._hop(ctx, name, node)
                self._add_field(hop, node, directives)
                return
            ctx.sel.add_field("__typename")
            for runtime in runtimes:
                if graph.field_def(runtime, name) is None:
                    continue
                sub = ctx.sel.add_fragment(runtime)
                self.plan_field(self._narrow(ctx, sub, runtime), node, directives)
            return
        if self.can_resolve(ctx, current, name):
            self._add_field(ctx, node, directives)
            return
        options = find_hops(self, ctx, name, node)
        if not options and self._via_parent(ctx, node):
            return
        if options and self._split_hop(ctx, node, directives, options):
            return
        hop = self._hop(ctx, name, node)
        # The target resolves the field by construction (its @requires inputs ride along in
        # the representation), so add it there without asking again.
        self._add_field(hop, node, directives)

    def can_resolve(self, ctx: Ctx, type_name: str, name: str) -> bool:
        graph = self.graph
        subgraph = ctx.group.subgraph
        fig = graph.field_in(type_name, name, subgraph)
        if fig is not None:
            return fig.requires is None
        if graph.external_in(type_name, name, subgraph) or graph.in_graph(type_name, subgraph):
            return provides_field(graph, ctx.provided, type_name, name) is not None
        return False

    def _abstract_resolvable(self, ctx: Ctx, name: str) -> bool:
        graph = self.graph
        subgraph = ctx.group.subgraph
        if not self.can_resolve(ctx, ctx.type, name):
            return False
        return all(
            self.can_resolve(ctx, runtime, name)
            for runtime in graph.runtime_types_in_graph(ctx.type, subgraph)
        )

    def _add_field(self, ctx: Ctx, node: FieldNode, directives: tuple[DirectiveNode, ...]) -> None:
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
            elif ctx.sel.key_conflicts(key, name, arguments):
                alias = f"__internal_{name}"
                suffix = 0
                while ctx.sel.key_conflicts(alias, name, arguments):
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
            rewrite = FetchRewrite(
                kind="KeyRenamer",
                path=(
                    *(p for p in ctx.path[len(ctx.group.path) :] if p != "@"),
                    f"... on {ctx.type}",
                    alias,
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
        serving = self._serving(ctx, name)
        provided: SelectionSetNode | None
        if fig is not None and fig.provides:
            provided = parse_field_set(fig.provides)
        else:
            provided = provided_child(graph, ctx.provided, ctx.type, name)
        child = ctx.with_(
            sel=added.children,
            type=child_type,
            path=path,
            provided=provided,
            parent=ctx,
            via=node,
            narrowed=False,
            serving=serving,
            runtimes=self._shared_runtimes(serving, child_type),
        )
        if graph.is_abstract(fdef.type_name):
            added.children.add_field("__typename")
        self.plan_selections(child, node.selection_set.selections)

    def _split_hop(
        self,
        ctx: Ctx,
        node: FieldNode,
        directives: tuple[DirectiveNode, ...],
        options: list[Hop],
    ) -> bool:
        """A field no single subgraph completes: fetch each part from the one that can."""
        if node.selection_set is None:
            return False
        estimator = self.estimator
        if estimator.subtree_cost(options[0].subgraph, options[0].entity_type, node) < INFEASIBLE:
            return False
        parts: dict[int, list[SelectionNode]] = {}
        for selection in node.selection_set.selections:
            single = _with_selections(node, (selection,))
            best = min(
                range(len(options)),
                key=lambda i: (
                    estimator.subtree_cost(options[i].subgraph, options[i].entity_type, single),
                    0 if i in parts else 1,
                    options[i].rank,
                ),
            )
            parts.setdefault(best, []).append(selection)
        if len(parts) < 2:
            return False
        for index, selections in parts.items():
            hop = self._take(ctx, options[index])
            self._add_field(hop, _with_selections(node, tuple(selections)), directives)
        return True

    def _via_parent(self, ctx: Ctx, node: FieldNode) -> bool:
        """Fetch the enclosing field again from a subgraph that can resolve all of it."""
        current = ctx
        selection: SelectionNode = node
        while current.parent is not None and current.via is not None:
            parent, via = current.parent, current.via
            declared = self.graph.field_def(parent.type, via.name.value)
            if declared is not None and declared.type_name != current.type:
                selection = InlineFragmentNode(
                    type_condition=NamedTypeNode(name=NameNode(value=current.type)),
                    directives=(),
                    selection_set=SelectionSetNode(selections=(selection,)),
                )
            synthetic = FieldNode(
                alias=via.alias,
                name=via.name,
                arguments=via.arguments,
                directives=(),
                selection_set=SelectionSetNode(selections=(selection,)),
            )
            options = [
                option
                for option in find_hops(self, parent, via.name.value, synthetic)
                if self.estimator.subtree_cost(option.subgraph, option.entity_type, synthetic)
                < INFEASIBLE
            ]
            if options:
                hop = self._take(parent, options[0])
                self._add_field(hop, synthetic, ())
                return True
            current, selection = parent, synthetic
        return False

    def _serving(self, ctx: Ctx, name: str) -> frozenset[str]:
        """Subgraphs that could serve the value of `ctx.type.name` at this position."""
        graph = self.graph
        reachable = set(ctx.serving) if ctx.serving is not None else set(graph.graph_order())
        if not graph.is_abstract(ctx.type) or graph.is_interface_object(
            ctx.type, ctx.group.subgraph
        ):
            reachable |= {g for g in graph.graph_order() if graph.resolvable_keys(ctx.type, g)}
        found = {g for g in reachable if graph.field_in(ctx.type, name, g) is not None}
        found.add(ctx.group.subgraph)
        return frozenset(found)

    def _shared_runtimes(self, serving: frozenset[str], child_type: str) -> frozenset[str] | None:
        """A shareable value answers alike in every subgraph: only common object types count."""
        graph = self.graph
        if not graph.is_abstract(child_type) or len(serving) < 2:
            return None
        common: set[str] | None = None
        for subgraph in serving:
            here = set(graph.runtime_types_in_graph(child_type, subgraph))
            common = here if common is None else common & here
        return frozenset(common or ())

    # -- key edges ----------------------------------------------------------------------------
    def _hop(self, ctx: Ctx, name: str, node: FieldNode | None) -> Ctx:
        """Take a key edge to a subgraph that can resolve `ctx.type.name`."""
        options = find_hops(self, ctx, name, node)
        if not options:
            raise PlanningError(
                f"cannot plan {ctx.type}.{name} from subgraph {ctx.group.subgraph!r}"
            )
        return self._take(ctx, options[0])

    def _take(self, ctx: Ctx, hop: Hop) -> Ctx:
        key_ctx = ctx.with_(internal=True, hops=ctx.hops | {(ctx.type, hop.subgraph)})
        with self.track() as touched:
            self._touch(ctx.group.id)
            ctx.sel.add_field("__typename")
            self.plan_selections(key_ctx, parse_field_set(hop.key).selections)
            if hop.requires:
                # Requires inputs may legitimately revisit subgraphs of the key chain.
                requires_ctx = ctx.with_(internal=True, hops=frozenset())
                self.plan_selections(requires_ctx, parse_field_set(hop.requires).selections)
        rep_type = ctx.type
        deps = frozenset(touched | {ctx.group.id})
        renames = representation_renames(self, rep_type, ctx.path, hop.key, hop.requires)
        salt = 0
        group = self.groups.entity(hop.subgraph, ctx.path, deps, ctx.conditions)
        while renames_conflict(group.input_rewrites, renames):
            # One representation cannot carry one field with two argument sets.
            salt += 1
            group = self.groups.entity(hop.subgraph, ctx.path, deps, ctx.conditions, salt)
        add_representation(self, group, rep_type, ctx.path, hop.key, hop.requires)
        if hop.entity_type != ctx.type:
            rewrite = FetchRewrite(
                kind="ValueSetter",
                path=(f"... on {rep_type}", "__typename"),
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
        )

    # -- root fields --------------------------------------------------------------------------
    def plan_root(self, root_type: str, selections: Sequence[SelectionNode], slot: int = 0) -> None:
        for field, directives in self._root_fields(selections, ()):
            name = field.name.value
            if name in ("__schema", "__type", "__typename"):
                continue
            candidates = self.graph.graphs_for_field(root_type, name)
            if not candidates:
                raise PlanningError(f"no subgraph resolves {root_type}.{name}")
            subgraph = self.estimator.best_root(root_type, field, candidates, self.groups, slot)
            parts = [(subgraph, field)]
            if (
                len(candidates) > 1
                and field.selection_set is not None
                and self.estimator.subtree_cost(subgraph, root_type, field) >= INFEASIBLE
            ):
                parts = self._split_root(root_type, field, candidates)
            conditions = tuple(c for d in directives if isinstance(c := _condition(d), tuple))
            for chosen, part in parts:
                group = self.groups.root(chosen, (), slot)
                ctx = Ctx(group=group, sel=group.selection, type=root_type, path=())
                self._reserve(ctx, [part])
                self.plan_field(ctx.with_(conditions=conditions), part, directives)

    def _split_root(
        self, root_type: str, field: FieldNode, candidates: Sequence[str]
    ) -> list[tuple[str, FieldNode]]:
        """A shared root field no single subgraph can complete: ask each for the part it can."""
        assert field.selection_set is not None
        chosen: dict[str, list[SelectionNode]] = {}
        for selection in field.selection_set.selections:
            single = FieldNode(
                alias=field.alias,
                name=field.name,
                arguments=field.arguments,
                directives=(),
                selection_set=SelectionSetNode(selections=(selection,)),
            )
            best = min(
                candidates,
                key=lambda c: (
                    self.estimator.subtree_cost(c, root_type, single),
                    0 if c in chosen else 1,
                    candidates.index(c),
                ),
            )
            chosen.setdefault(best, []).append(selection)
        return [
            (
                subgraph,
                FieldNode(
                    alias=field.alias,
                    name=field.name,
                    arguments=field.arguments,
                    directives=(),
                    selection_set=SelectionSetNode(selections=tuple(selections)),
                ),
            )
            for subgraph, selections in chosen.items()
        ]

    def _root_fields(
        self, selections: Sequence[SelectionNode], directives: tuple[DirectiveNode, ...]
    ) -> Iterator[tuple[FieldNode, tuple[DirectiveNode, ...]]]:
        for selection in selections:
            own: list[DirectiveNode] = list(directives)
            dropped = False
            for directive in selection.directives or ():
                cond = _condition(directive)
                if isinstance(cond, bool):
                    dropped = dropped or not cond
                elif cond is not None:
                    own.append(directive)
            if dropped:
                continue
            match selection:
                case FieldNode():
                    yield selection, tuple(own)
                case InlineFragmentNode():
                    yield from self._root_fields(selection.selection_set.selections, tuple(own))
                case FragmentSpreadNode():
                    definition = self.fragments[selection.name.value]
                    yield from self._root_fields(definition.selection_set.selections, tuple(own))
