"""What the cost compiler reads from an operation's literals: `@skip`/`@include` conditions,
slicing argument values and argument costs, with the variables among them left for later."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Literal

from graphql import (
    DirectiveNode,
    FieldNode,
    GraphQLArgument,
    GraphQLInputObjectType,
    GraphQLSchema,
    IntValueNode,
    ListValueNode,
    NullValueNode,
    ObjectValueNode,
    Undefined,
    ValueNode,
    VariableNode,
    get_named_type,
)

from gateway.operation.conditions import read_condition
from gateway.policy.limits.directives import CostDirectives, ListSizeSpec
from gateway.policy.limits.plan import (
    Gate,
    InputPosition,
    InputTable,
    Size,
    SlicedSize,
    VariableArgument,
    VariableSlice,
    expected_size,
    slice_number,
)

__all__ = ["gate_of", "input_table", "own_size", "position", "score_literal"]


def gate_of(directives: tuple[DirectiveNode, ...] | None) -> Gate | Literal[False] | None:
    """False when a literal condition leaves the selection out, a `Gate` for variable
    conditions, None when the selection is unconditional."""
    skip: list[str] = []
    include: list[str] = []
    for directive in directives or ():
        condition = read_condition(directive)
        if condition is False:
            return False
        if isinstance(condition, tuple):
            variable, keep_when = condition
            (include if keep_when else skip).append(variable)
    if skip or include:
        return Gate(skip=tuple(skip), include=tuple(include))
    return None


def own_size(
    coordinate: str, spec: ListSizeSpec, node: FieldNode, arguments: Mapping[str, GraphQLArgument]
) -> Size:
    """A field's `@listSize` size; raises `SlicingRefused` when known to break its rule."""
    if not spec.slicing_arguments:
        return spec.assumed_size
    given = {argument.name.value: argument.value for argument in node.arguments}
    values: list[int | VariableSlice | None] = []
    for path in spec.slicing_arguments:
        definition = arguments.get(path[0])
        default = Undefined if definition is None else definition.default_value
        fallback = slice_number(_walk(default, path[1:]), None)
        values.append(_literal_slice(given.get(path[0]), path[1:], fallback))
    names = tuple(".".join(path) for path in spec.slicing_arguments)
    require_one = spec.require_one_slicing_argument
    if any(isinstance(value, VariableSlice) for value in values):
        return SlicedSize(
            coordinate=coordinate,
            arguments=names,
            values=tuple(values),
            assumed_size=spec.assumed_size,
            require_one=require_one,
        )
    found = [value for value in values if isinstance(value, int)]
    return expected_size(coordinate, names, found, spec.assumed_size, require_one)


def _walk(value: Any, rest: tuple[str, ...]) -> Any:
    for key in rest:
        value = value.get(key) if isinstance(value, Mapping) else None
    return None if value is Undefined else value


def _literal_slice(
    node: ValueNode | None, rest: tuple[str, ...], fallback: int | None
) -> int | VariableSlice | None:
    while node is not None:
        if isinstance(node, VariableNode):
            return VariableSlice(variable=node.name.value, rest=rest, fallback=fallback)
        if not rest:
            if isinstance(node, IntValueNode):
                return int(node.value)
            if isinstance(node, ListValueNode):
                return len(node.values)
            return fallback
        if not isinstance(node, ObjectValueNode):
            return fallback
        key, rest = rest[0], rest[1:]
        node = next((field.value for field in node.fields if field.name.value == key), None)
    return fallback


def position(explicit: float | None, type_name: str, directives: CostDirectives) -> InputPosition:
    """An argument or input field: its own `@cost`, else its scalar or enum type's."""
    weight = explicit if explicit is not None else directives.types.get(type_name)
    return InputPosition(weight=weight, type_name=type_name)


def input_table(schema: GraphQLSchema, directives: CostDirectives) -> InputTable:
    table: dict[str, Mapping[str, InputPosition]] = {}
    for type_name, named in schema.type_map.items():
        if isinstance(named, GraphQLInputObjectType):
            table[type_name] = MappingProxyType(
                {
                    field_name: position(
                        directives.input_fields.get((type_name, field_name)),
                        get_named_type(field.type).name,
                        directives,
                    )
                    for field_name, field in named.fields.items()
                }
            )
    return MappingProxyType(table)


def score_literal(
    value: ValueNode, where: InputPosition, inputs: InputTable, found: list[VariableArgument]
) -> float:
    """The cost of a literal argument value (as `plan.score_value` scores a variable's value);
    the variables inside it are appended to `found`, to be scored per request."""
    total = 0.0
    stack: list[tuple[ValueNode, InputPosition]] = [(value, where)]
    while stack:
        node, at = stack.pop()
        if isinstance(node, VariableNode):
            found.append(VariableArgument(variable=node.name.value, position=at))
        elif isinstance(node, NullValueNode):
            continue
        elif isinstance(node, ObjectValueNode) and at.type_name in inputs:
            fields = inputs[at.type_name]
            total += 1.0 if at.weight is None else at.weight
            stack.extend(
                (field.value, fields[field.name.value])
                for field in node.fields
                if field.name.value in fields
            )
        elif isinstance(node, ListValueNode):
            total += at.weight or 0.0
            stack.extend((item, at) for item in node.values)
        else:
            total += at.weight or 0.0
    return total
