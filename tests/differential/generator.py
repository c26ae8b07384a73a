"""Random valid operations over an API schema, reproducible from a seed.

What the generator reaches for is what gateways get wrong: aliases (including one field's
alias spelled as a sibling's name), named fragments and inline fragments (with and without a
type condition, on abstract types and on the object itself), `@skip`/`@include` with literal
and variable conditions (one condition per location, as GraphQL requires), `__typename`
aliased or not, and nested selections that cross subgraphs. Argument values come from an
`ArgumentPool` harvested from operations known to make sense for the schema (the scenarios'
own cases), so root fields find data instead of answering null.

Every operation returned passes graphql-core's validation against the schema; a candidate
that does not (overlapping aliases, say) is dropped and the next one drawn from the same
random stream, so a seed always gives the same operation.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    ArgumentNode,
    DocumentNode,
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLError,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
    TypeInfo,
    ValueNode,
    Visitor,
    get_named_type,
    is_composite_type,
    is_leaf_type,
    parse,
    print_ast,
    validate,
    value_from_ast,
    visit,
)
from graphql import TypeInfoVisitor as _TypeInfoVisitor

__all__ = ["ArgumentPool", "GeneratedOperation", "Generator", "Settings", "harvest_arguments"]

# Argument coordinate: (parent type, field, argument).
Coordinate = tuple[str, str, str]


@dataclass(frozen=True, slots=True, kw_only=True)
class GeneratedOperation:
    """An operation document and the variables it is sent with."""

    query: str
    variables: Mapping[str, Any]


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """How big and how adventurous operations get."""

    max_depth: int = 4
    max_selections: int = 4
    max_root_fields: int = 3
    alias_chance: float = 0.25
    condition_chance: float = 0.18
    fragment_chance: float = 0.25
    typename_chance: float = 0.12
    variable_chance: float = 0.4
    attempts: int = 60


@dataclass(slots=True)
class ArgumentPool:
    """Literal argument values known to be meaningful, by (type, field, argument)."""

    values: dict[Coordinate, list[ValueNode]] = field(default_factory=lambda: defaultdict(list))

    def add(self, coordinate: Coordinate, value: ValueNode) -> None:
        printed = print_ast(value)
        if all(print_ast(known) != printed for known in self.values[coordinate]):
            self.values[coordinate].append(value)

    def get(self, coordinate: Coordinate) -> list[ValueNode]:
        return self.values.get(coordinate, [])


class _Harvester(Visitor):
    def __init__(self, info: TypeInfo, pool: ArgumentPool) -> None:
        super().__init__()
        self.info = info
        self.pool = pool

    def enter_argument(self, node: ArgumentNode, *_args: Any) -> None:
        parent = self.info.get_parent_type()
        definition = self.info.get_field_def()
        if parent is None or definition is None:
            return
        if _has_variable(node.value):
            return
        field_name = next(
            (name for name, known in parent.fields.items() if known is definition),  # type: ignore[union-attr]
            None,
        )
        if field_name is not None:
            self.pool.add((parent.name, field_name, node.name.value), node.value)


def _has_variable(value: ValueNode) -> bool:
    text = print_ast(value)
    return "$" in text


def harvest_arguments(schema: GraphQLSchema, documents: Iterable[str]) -> ArgumentPool:
    """The literal argument values of `documents` (those that parse and validate)."""
    pool = ArgumentPool()
    for text in documents:
        try:
            document = parse(text)
        except GraphQLError:  # a sample that does not parse is not used
            continue
        if validate(schema, document):
            continue
        info = TypeInfo(schema)
        visit(document, _TypeInfoVisitor(info, _Harvester(info, pool)))
    return pool


@dataclass(slots=True)
class _Draft:
    """The parts of one operation while it is being written."""

    rng: random.Random
    variables: dict[str, tuple[str, Any]] = field(default_factory=dict)
    fragments: dict[str, str] = field(default_factory=dict)

    def variable(self, type_text: str, value: Any) -> str:
        name = f"v{len(self.variables)}"
        self.variables[name] = (type_text, value)
        return "$" + name


class Generator:
    """Draws random operations over `schema`; `operation(seed)` is deterministic."""

    def __init__(
        self,
        schema: GraphQLSchema,
        pool: ArgumentPool | None = None,
        settings: Settings | None = None,
    ) -> None:
        self.schema = schema
        self.pool = pool or ArgumentPool()
        self.settings = settings or Settings()
        self._possible: dict[str, list[GraphQLObjectType]] = {}

    def operation(self, seed: int) -> GeneratedOperation | None:
        """The operation for `seed`, or None when no valid one came out of the attempts."""
        rng = random.Random(seed)
        query_type = self.schema.query_type
        if query_type is None:
            return None
        for _ in range(self.settings.attempts):
            draft = _Draft(rng)
            body = self._root(draft, query_type)
            text = self._document(draft, body)
            try:
                document = parse(text)
            except GraphQLError:  # a draft that does not parse is dropped
                continue
            if not validate(self.schema, document):
                variables = {name: value for name, (_t, value) in draft.variables.items()}
                return GeneratedOperation(query=text, variables=variables)
        return None

    # --- the document ---------------------------------------------------------------------

    def _document(self, draft: _Draft, body: str) -> str:
        header = "query Generated"
        if draft.variables:
            declared = ", ".join(f"${name}: {kind}" for name, (kind, _v) in draft.variables.items())
            header += f"({declared})"
        parts = [f"{header} {body}"]
        parts.extend(draft.fragments.values())
        return "\n".join(parts)

    def _root(self, draft: _Draft, root: GraphQLObjectType) -> str:
        rng = draft.rng
        names = [name for name in root.fields if not name.startswith("__")]
        if not names:
            return "{ __typename }"
        count = rng.randint(1, min(self.settings.max_root_fields, len(names)))
        picked = rng.sample(names, count)
        selections = [self._field(draft, root, name, depth=1) for name in picked]
        if rng.random() < self.settings.typename_chance / 2:
            selections.append(self._typename(draft))
        return "{ " + " ".join(selections) + " }"

    # --- selections -----------------------------------------------------------------------

    def _selection_set(self, draft: _Draft, parent: GraphQLNamedType, depth: int) -> str:
        rng = draft.rng
        count = rng.randint(1, self.settings.max_selections)
        selections: list[str] = []
        for _ in range(count):
            roll = rng.random()
            if roll < self.settings.fragment_chance:
                selections.append(self._fragment(draft, parent, depth))
            elif roll < self.settings.fragment_chance + self.settings.typename_chance:
                selections.append(self._typename(draft))
            else:
                name = self._pick_field(draft, parent)
                if name is None:
                    selections.append(self._typename(draft))
                else:
                    selections.append(self._field(draft, parent, name, depth))
        return "{ " + " ".join(selections) + " }"

    def _pick_field(self, draft: _Draft, parent: GraphQLNamedType) -> str | None:
        if not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            return None
        names = list(parent.fields)
        return draft.rng.choice(names) if names else None

    def _typename(self, draft: _Draft) -> str:
        rng = draft.rng
        text = "__typename"
        if rng.random() < self.settings.alias_chance * 2:
            text = f"{rng.choice(['kind', 'typename', 't', 'id', 'name'])}: __typename"
        return text + self._conditions(draft)

    def _field(self, draft: _Draft, parent: GraphQLNamedType, name: str, depth: int) -> str:
        rng = draft.rng
        assert isinstance(parent, GraphQLObjectType | GraphQLInterfaceType)
        definition = parent.fields[name]
        text = name
        if rng.random() < self.settings.alias_chance:
            siblings = [other for other in parent.fields if other != name]
            choices = [*siblings, "a", "b", "x"]
            text = f"{rng.choice(choices)}: {name}"
        arguments = self._arguments(draft, parent.name, name, definition)
        if arguments:
            text += "(" + ", ".join(arguments) + ")"
        text += self._conditions(draft)
        named = get_named_type(definition.type)
        if is_composite_type(named):
            if depth >= self.settings.max_depth:
                text += " " + self._leaves(draft, named)
            else:
                text += " " + self._selection_set(draft, named, depth + 1)
        return text

    def _leaves(self, draft: _Draft, parent: GraphQLNamedType) -> str:
        """A last-level selection: leaf fields and `__typename` only."""
        rng = draft.rng
        leaves: list[str] = []
        if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            leaves = [
                name
                for name, known in parent.fields.items()
                if is_leaf_type(get_named_type(known.type))
                and not any(isinstance(a.type, GraphQLNonNull) for a in known.args.values())
            ]
        picked = rng.sample(leaves, min(len(leaves), rng.randint(1, 3))) if leaves else []
        parts = [self._field(draft, parent, name, self.settings.max_depth) for name in picked]
        if not parts or rng.random() < self.settings.typename_chance:
            parts.append(self._typename(draft))
        return "{ " + " ".join(parts) + " }"

    def _fragment(self, draft: _Draft, parent: GraphQLNamedType, depth: int) -> str:
        """An inline fragment or a named fragment spread on a type that can apply here."""
        rng = draft.rng
        condition = rng.choice(self._conditions_for(parent))
        body = self._selection_set(draft, condition, depth)
        roll = rng.random()
        if roll < 0.35:
            name = f"F{len(draft.fragments)}"
            draft.fragments[name] = f"fragment {name} on {condition.name} {body}"
            return f"...{name}" + self._conditions(draft)
        if roll < 0.5:
            # No type condition: the fragment only carries directives.
            return "..." + self._conditions(draft, force=True) + " " + body
        return f"... on {condition.name}" + self._conditions(draft) + " " + body

    def _conditions_for(self, parent: GraphQLNamedType) -> list[GraphQLNamedType]:
        """Types a fragment may be spread on inside `parent` (any that overlap it)."""
        mine = set(self._possible_names(parent))
        found: list[GraphQLNamedType] = [parent]
        for named in self.schema.type_map.values():
            if named is parent or named.name.startswith("__"):
                continue
            if not isinstance(named, GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType):
                continue
            if mine & set(self._possible_names(named)):
                found.append(named)
        return found

    def _possible_names(self, named: GraphQLNamedType) -> list[str]:
        if isinstance(named, GraphQLObjectType):
            return [named.name]
        if isinstance(named, GraphQLInterfaceType | GraphQLUnionType):
            return [t.name for t in self.schema.get_possible_types(named)]
        return []

    def _conditions(self, draft: _Draft, *, force: bool = False) -> str:
        """At most one `@skip` and one `@include` (GraphQL allows one of each per location)."""
        rng = draft.rng
        if not force and rng.random() >= self.settings.condition_chance:
            return ""
        chosen = rng.sample(["skip", "include"], rng.choice([1, 1, 1, 2]))
        parts: list[str] = []
        for directive in chosen:
            value = rng.random() < 0.5
            if rng.random() < self.settings.variable_chance:
                argument = draft.variable("Boolean!", value)
            else:
                argument = "true" if value else "false"
            parts.append(f" @{directive}(if: {argument})")
        return "".join(parts)

    # --- arguments --------------------------------------------------------------------------

    def _arguments(
        self, draft: _Draft, parent: str, name: str, definition: GraphQLField
    ) -> list[str]:
        rng = draft.rng
        out: list[str] = []
        for argument_name, argument in definition.args.items():
            known = self.pool.get((parent, name, argument_name))
            required = isinstance(argument.type, GraphQLNonNull) and argument.default_value is None
            if not required and not (known and rng.random() < 0.6):
                continue
            value = self._argument_value(draft, argument, known)
            if value is not None:
                out.append(f"{argument_name}: {value}")
        return out

    def _argument_value(
        self, draft: _Draft, argument: GraphQLArgument, known: list[ValueNode]
    ) -> str | None:
        rng = draft.rng
        if known:
            node = rng.choice(known)
            if rng.random() < self.settings.variable_chance:
                python = value_from_ast(node, argument.type)
                if python is not None or not isinstance(argument.type, GraphQLNonNull):
                    return draft.variable(_type_text(argument.type), _jsonable(python))
            return print_ast(node)
        return _invented(rng, argument.type)


def _type_text(kind: GraphQLInputType) -> str:
    if isinstance(kind, GraphQLNonNull):
        return _type_text(kind.of_type) + "!"
    if isinstance(kind, GraphQLList):
        return "[" + _type_text(kind.of_type) + "]"
    return kind.name


def _jsonable(value: Any) -> Any:
    """A coerced input value as JSON variables carry it (enums by name)."""
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    if hasattr(value, "name") and hasattr(value, "value") and not isinstance(value, str):
        return value.name
    return value


def _invented(rng: random.Random, kind: GraphQLInputType) -> str | None:
    """A literal of `kind` for an argument no sample operation showed a value for."""
    if isinstance(kind, GraphQLNonNull):
        return _invented(rng, kind.of_type)
    if isinstance(kind, GraphQLList):
        item = _invented(rng, kind.of_type)
        return f"[{item}]" if item is not None else "[]"
    if isinstance(kind, GraphQLEnumType):
        return rng.choice(list(kind.values)) if kind.values else None
    if isinstance(kind, GraphQLInputObjectType):
        parts = []
        for name, input_field in kind.fields.items():
            if isinstance(input_field.type, GraphQLNonNull) and input_field.default_value is None:
                value = _invented(rng, input_field.type)
                if value is None:
                    return None
                parts.append(f"{name}: {value}")
        return "{" + ", ".join(parts) + "}"
    if isinstance(kind, GraphQLScalarType):
        match kind.name:
            case "Int":
                return str(rng.randint(0, 3))
            case "Float":
                return str(rng.choice([0.5, 1.0, 2.5]))
            case "Boolean":
                return rng.choice(["true", "false"])
            case _:
                return '"' + rng.choice(["1", "2", "3", "a"]) + '"'
    return None


def parse_document(text: str) -> DocumentNode:
    """`graphql.parse`, re-exported for the runners."""
    return parse(text)
