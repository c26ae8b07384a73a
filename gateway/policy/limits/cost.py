"""The estimated cost of an operation, per the IBM GraphQL cost spec as Apollo Router applies it.

    operation = (10 for a mutation, else 0) + cost of its selections
    field     = count * (weight + cost of its selections) + arguments + requirements
    weight    = the field's @cost, else its type's @cost, else 1 for an object, interface or
                union and 0 for a scalar or enum
    count     = 1 unless the field is a list; for a list, the size its parent's
                @listSize(sizedFields:) gives it, else its own @listSize (the largest slicing
                argument given, as a literal, a variable or the schema default, else
                assumedSize), else `default_list_size`
    arguments = per argument value: an input object weighs 1 (or its argument's @cost) plus its
                fields, a list its items plus its @cost, any other non-null value its @cost
                (the argument's, input field's, or its scalar/enum type's)
    requirements = the cost of the field's @requires selection, as Apollo's supergraph estimate

Fragments are expanded where spread (each spread counts); a selection skipped by a literal
`@skip`/`@include` costs nothing, one with a variable condition counts when the variables
open it. `__typename` costs nothing, and so do the introspection fields `__schema` and
`__type` with everything below them: the gateway answers them from memory, without subgraph
demand (Apollo's estimate only counts subgraph fetches); depth and aliases still limit them.
Types and coordinates are read from the supergraph's full schema.
"""

from __future__ import annotations

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLUnionType,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    get_named_type,
    get_nullable_type,
    is_list_type,
    parse,
)

from gateway.operation.fragments import fragments_of
from gateway.policy.limits.directives import read_cost_directives
from gateway.policy.limits.plan import (
    CostPlan,
    FieldTerm,
    Gate,
    GatedPlan,
    Size,
    SlicedSize,
    VariableArgument,
)
from gateway.policy.limits.values import gate_of, input_table, own_size, position, score_literal
from gateway.supergraph import Supergraph

__all__ = ["MUTATION_BASE_COST", "CostModel"]

MUTATION_BASE_COST = 10.0
_EMPTY = CostPlan()
_META_FIELDS = frozenset({"__typename", "__schema", "__type"})

_Fragments = dict[str, tuple[SelectionSetNode, str]]


class CostModel:
    """Compiles operations against one supergraph into `CostPlan`s (see `plan.evaluate`)."""

    __slots__ = (
        "_requires",
        "_requires_costs",
        "default_list_size",
        "directives",
        "inputs",
        "schema",
    )

    def __init__(self, supergraph: Supergraph, *, default_list_size: int) -> None:
        self.schema = supergraph.schema
        self.default_list_size = default_list_size
        self.directives = read_cost_directives(self.schema)
        self.inputs = input_table(self.schema, self.directives)
        self._requires: dict[tuple[str, str], tuple[str, ...]] = {
            (type_name, field_name): requires
            for type_name, type_def in supergraph.types.items()
            for field_name, field_def in type_def.fields.items()
            if (requires := tuple(g.requires for g in field_def.graphs if g.requires))
        }
        self._requires_costs: dict[tuple[str, str], float] = {}

    def compile(self, document: DocumentNode, operation: OperationDefinitionNode) -> CostPlan:
        """The operation's plan; raises `SlicingRefused` when that needs no variable to know."""
        match operation.operation:
            case OperationType.MUTATION:
                root, base = self.schema.mutation_type, MUTATION_BASE_COST
            case OperationType.SUBSCRIPTION:
                root, base = self.schema.subscription_type, 0.0
            case _:
                root, base = self.schema.query_type, 0.0
        if root is None:
            return CostPlan(constant=base)
        fragments: _Fragments = {
            name: (fragment.selection_set, fragment.type_condition.name.value)
            for name, fragment in fragments_of(document).items()
        }
        plan = _Compiler(self, fragments).selection_set(operation.selection_set, root, None)
        return CostPlan(constant=base + plan.constant, terms=plan.terms)

    def requires_cost(self, type_name: str, field_name: str) -> float:
        """The cost of a field's `@requires` selections (the largest over its subgraphs)."""
        key = (type_name, field_name)
        cached = self._requires_costs.get(key)
        if cached is not None:
            return cached
        parent = self.schema.get_type(type_name)
        # Marked first: a @requires chain leading back to this field adds nothing more.
        self._requires_costs[key] = 0.0
        cost = 0.0
        for field_set in self._requires.get(key, ()):
            try:
                document = parse(f"{{ {field_set} }}", no_location=True)
            except GraphQLError:
                continue
            selection_set = getattr(document.definitions[0], "selection_set", None)
            if isinstance(selection_set, SelectionSetNode) and parent is not None:
                plan = _Compiler(self, {}).selection_set(selection_set, parent, None)
                cost = max(cost, plan.constant)
        self._requires_costs[key] = cost
        return cost


class _Sized:
    """The @listSize(sizedFields:) in force for the fields of one selection set."""

    __slots__ = ("paths", "size")

    def __init__(self, size: Size, paths: tuple[tuple[str, ...], ...]) -> None:
        self.size = size
        self.paths = paths

    def below(self, name: str) -> _Sized | None:
        paths = tuple(path[1:] for path in self.paths if len(path) > 1 and path[0] == name)
        return _Sized(self.size, paths) if paths else None


class _Compiler:
    """One operation's compilation; fragments compiled once per sizing context."""

    __slots__ = ("_expanding", "_fragments", "_memo", "_model")

    def __init__(self, model: CostModel, fragments: _Fragments) -> None:
        self._model = model
        self._fragments = fragments
        # Keyed by the sizing context itself: the dict keeps it alive, so its identity is unique.
        self._memo: dict[tuple[int, _Sized | None], CostPlan] = {}
        self._expanding: set[str] = set()

    def selection_set(
        self, selection_set: SelectionSetNode, parent: GraphQLNamedType, sized: _Sized | None
    ) -> CostPlan:
        constant = 0.0
        terms: list[FieldTerm | GatedPlan] = []
        for selection in selection_set.selections:
            gate = gate_of(selection.directives)
            if gate is False:
                continue
            if isinstance(selection, FieldNode):
                cost = self._field(selection, parent, sized, gate)
                if isinstance(cost, FieldTerm):
                    terms.append(cost)
                else:
                    constant += cost
                continue
            if isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = self._model.schema.get_type(condition.name.value) if condition else parent
                plan = self._nested(selection.selection_set, target, sized)
            elif isinstance(selection, FragmentSpreadNode):
                plan = self._spread(selection.name.value, sized)
            else:
                continue
            if gate is not None:
                if plan.constant or plan.terms:
                    terms.append(GatedPlan(gate=gate, plan=plan))
            else:
                constant += plan.constant
                terms.extend(plan.terms)
        return CostPlan(constant=constant, terms=tuple(terms))

    def _nested(
        self, selection_set: SelectionSetNode, parent: GraphQLNamedType | None, sized: _Sized | None
    ) -> CostPlan:
        if parent is None:
            return _EMPTY
        key = (id(selection_set), sized)
        plan = self._memo.get(key)
        if plan is None:
            plan = self.selection_set(selection_set, parent, sized)
            self._memo[key] = plan
        return plan

    def _spread(self, name: str, sized: _Sized | None) -> CostPlan:
        fragment = self._fragments.get(name)
        # A fragment spread inside itself (validation refuses the cycle) adds nothing.
        if fragment is None or name in self._expanding:
            return _EMPTY
        selection_set, type_name = fragment
        self._expanding.add(name)
        try:
            return self._nested(selection_set, self._model.schema.get_type(type_name), sized)
        finally:
            self._expanding.discard(name)

    def _field(
        self, node: FieldNode, parent: GraphQLNamedType, sized: _Sized | None, gate: Gate | None
    ) -> FieldTerm | float:
        name = node.name.value
        if name in _META_FIELDS or not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            return 0.0
        definition = parent.fields.get(name)
        if definition is None:
            return 0.0
        model, directives = self._model, self._model.directives
        named = get_named_type(definition.type)
        weight = directives.fields.get((parent.name, name), directives.types.get(named.name))
        if weight is None:
            composite = (GraphQLObjectType, GraphQLInterfaceType, GraphQLUnionType)
            weight = 1.0 if isinstance(named, composite) else 0.0
        spec = directives.list_sizes.get((parent.name, name))
        own: Size = None
        if spec is not None:
            own = own_size(f"{parent.name}.{name}", spec, node, definition.args)
        upstream = sized.size if sized is not None and (name,) in sized.paths else None
        below = sized.below(name) if sized is not None else None
        if spec is not None and spec.sized_fields:
            below = _Sized(own, spec.sized_fields)
        children = _EMPTY
        if node.selection_set is not None:
            children = self.selection_set(node.selection_set, named, below)
        arguments = 0.0
        variables: list[VariableArgument] = []
        for argument in node.arguments:
            arg_def = definition.args.get(argument.name.value)
            if arg_def is not None:
                where = position(
                    directives.arguments.get((parent.name, name, argument.name.value)),
                    get_named_type(arg_def.type).name,
                    directives,
                )
                arguments += score_literal(argument.value, where, model.inputs, variables)
        is_list = is_list_type(get_nullable_type(definition.type))
        requires = model.requires_cost(parent.name, name)
        static = not (isinstance(own, SlicedSize) or isinstance(upstream, SlicedSize))
        if static and gate is None and not variables and not children.terms:
            count = 1
            if is_list:
                count = next(
                    (n for n in (upstream, own) if isinstance(n, int)), model.default_list_size
                )
            return max(count, 0) * (weight + children.constant) + arguments + requires
        return FieldTerm(
            coordinate=f"{parent.name}.{name}",
            is_list=is_list,
            upstream=upstream,
            own=own,
            default_size=model.default_list_size,
            weight=weight,
            children=children,
            arguments=arguments,
            variables=tuple(variables),
            requires=requires,
            gate=gate,
        )
