"""Compiles a client operation into an `ObjectShape` once, so shaping never touches the schema.

`@skip`/`@include` are resolved here from the values of the variables they read, so a shape is
compiled once per operation and combination of those values (see `condition_variables`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any
from weakref import WeakKeyDictionary

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLEnumType,
    GraphQLField,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    is_abstract_type,
    is_composite_type,
    is_interface_type,
    is_object_type,
)

from gateway.operation.conditions import is_included
from gateway.operation.introspection import INTROSPECTION_ROOT_FIELDS
from gateway.shaping.shape import FieldKind, FieldShape, ObjectShape

__all__ = ["compile_fragment_shape", "compile_shape"]


def compile_shape(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    values: Mapping[str, Any],
    deferred: frozenset[int] = frozenset(),
) -> ObjectShape:
    """The shape of `operation`'s response; `values` are the variables `@skip`/`@include` read.

    Fragments carrying a directive node whose `id` is in `deferred` (an active `@defer`) are
    left out: their fields come in later payloads, each shaped by `compile_fragment_shape`.
    """
    root = schema.get_root_type(operation.operation)
    if root is None:
        raise ValueError(f"the schema has no {operation.operation.value} root type")
    compiler = _Compiler(schema, fragments, values, deferred)
    fields = compiler.fields(root, (operation.selection_set,), compiler.matcher(root), root=True)
    return ObjectShape(type_name=root.name, abstract=False, fields=fields, by_type={})


def compile_fragment_shape(
    schema: GraphQLSchema,
    type_name: str,
    selection_set: SelectionSetNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    values: Mapping[str, Any],
    deferred: frozenset[int] = frozenset(),
) -> ObjectShape:
    """The shape of one deferred fragment's payload for objects of static type `type_name`."""
    named = schema.get_type(type_name)
    if named is None or not is_composite_type(named):
        raise ValueError(f"{type_name!r} is not a composite type of the schema")
    compiler = _Compiler(schema, fragments, values, deferred)
    return compiler.object_shape(named, (selection_set,))


class _Compiler:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        values: Mapping[str, Any],
        deferred: frozenset[int] = frozenset(),
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.values = values
        self.deferred = deferred
        self.abstract_names = _abstract_names(schema)

    def matcher(self, runtime: GraphQLObjectType) -> Callable[[str], bool]:
        """Whether a fragment on the named type applies to objects of type `runtime`."""

        def applies(condition: str) -> bool:
            if condition == runtime.name:
                return True
            named = self.schema.get_type(condition)
            return (
                named is not None
                and is_abstract_type(named)
                and self.schema.is_sub_type(
                    named,  # type: ignore[arg-type]
                    runtime,
                )
            )

        return applies

    def object_shape(
        self, named: GraphQLNamedType, selection_sets: tuple[SelectionSetNode, ...]
    ) -> ObjectShape:
        if isinstance(named, GraphQLObjectType):
            fields = self.fields(named, selection_sets, self.matcher(named))
            return ObjectShape(type_name=named.name, abstract=False, fields=fields, by_type={})
        by_type = {
            runtime.name: self.fields(runtime, selection_sets, self.matcher(runtime))
            for runtime in self.schema.get_possible_types(named)  # type: ignore[arg-type]
        }
        fallback = self.fields(named, selection_sets, lambda condition: condition == named.name)
        return ObjectShape(
            type_name=named.name,
            abstract=True,
            fields=fallback,
            by_type=by_type,
            abstract_names=self.abstract_names,
        )

    def fields(
        self,
        parent: GraphQLNamedType,
        selection_sets: Iterable[SelectionSetNode],
        applies: Callable[[str], bool],
        *,
        root: bool = False,
    ) -> tuple[FieldShape, ...]:
        grouped: dict[str, list[FieldNode]] = {}
        visited: set[str] = set()
        for selection_set in selection_sets:
            self._collect(selection_set, applies, grouped, visited)
        out: list[FieldShape] = []
        for key, nodes in grouped.items():
            shape = self._field(parent, key, nodes, root=root)
            if shape is not None:
                out.append(shape)
        return tuple(out)

    def _collect(
        self,
        selection_set: SelectionSetNode,
        applies: Callable[[str], bool],
        grouped: dict[str, list[FieldNode]],
        visited: set[str],
    ) -> None:
        for selection in selection_set.selections:
            if not is_included(selection.directives, self.values):
                continue
            if self.deferred and any(id(d) in self.deferred for d in selection.directives or ()):
                continue
            if isinstance(selection, FieldNode):
                key = (selection.alias or selection.name).value
                grouped.setdefault(key, []).append(selection)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                if condition is None or applies(condition.name.value):
                    self._collect(selection.selection_set, applies, grouped, visited)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if name in visited or fragment is None:
                    continue
                if applies(fragment.type_condition.name.value):
                    visited.add(name)
                    self._collect(fragment.selection_set, applies, grouped, visited)

    def _field(
        self, parent: GraphQLNamedType, key: str, nodes: list[FieldNode], *, root: bool
    ) -> FieldShape | None:
        name = nodes[0].name.value
        if name == "__typename":
            return FieldShape(
                key=key, name=name, parent_type=parent.name, kind=FieldKind.TYPENAME,
                non_null=(True,),
            )  # fmt: skip
        if root and name in INTROSPECTION_ROOT_FIELDS:
            return FieldShape(
                key=key, name=name, parent_type=parent.name, kind=FieldKind.PASSTHROUGH,
                non_null=(False,),
            )  # fmt: skip
        definition = _field_definition(parent, name)
        if definition is None:
            return None
        non_null, named = _unwrap(definition.type)
        if not is_composite_type(named):
            enum_values = frozenset(named.values) if isinstance(named, GraphQLEnumType) else None
            return FieldShape(
                key=key, name=name, parent_type=parent.name, kind=FieldKind.LEAF,
                non_null=non_null, enum_name=named.name if enum_values is not None else None,
                enum_values=enum_values, named=named.name,
            )  # fmt: skip
        selection_sets = tuple(node.selection_set for node in nodes if node.selection_set)
        return FieldShape(
            key=key, name=name, parent_type=parent.name, kind=FieldKind.COMPOSITE,
            non_null=non_null, sub=self.object_shape(named, selection_sets), named=named.name,
        )  # fmt: skip


# Per schema, not per compile: a shape is compiled for every new operation and `@skip`/`@include`
# combination, and scanning the whole type map each time is wasted work.
_ABSTRACT_NAMES: WeakKeyDictionary[GraphQLSchema, frozenset[str]] = WeakKeyDictionary()


def _abstract_names(schema: GraphQLSchema) -> frozenset[str]:
    """The names of the schema's interfaces and unions."""
    names = _ABSTRACT_NAMES.get(schema)
    if names is None:
        names = frozenset(
            name for name, named in schema.type_map.items() if is_abstract_type(named)
        )
        _ABSTRACT_NAMES[schema] = names
    return names


def _field_definition(parent: GraphQLNamedType, name: str) -> GraphQLField | None:
    if is_object_type(parent) or is_interface_type(parent):
        return parent.fields.get(name)  # type: ignore[attr-defined, no-any-return]
    return None


def _unwrap(output: GraphQLOutputType) -> tuple[tuple[bool, ...], GraphQLNamedType]:
    flags: list[bool] = []
    current: Any = output
    while True:
        non_null = isinstance(current, GraphQLNonNull)
        if non_null:
            current = current.of_type
        flags.append(non_null)
        if isinstance(current, GraphQLList):
            current = current.of_type
            continue
        return tuple(flags), current
