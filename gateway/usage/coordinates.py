"""The schema coordinates an operation touches, read against the API schema it was validated on.

    ParentType.field         every field selected, on the type its selection set is written on
                             (an interface or union stays as written; meta fields such as
                             `__typename` are left out)
    ParentType.field(arg:)   every argument passed, as a literal or a variable
    Enum.VALUE               enum values written as literals (defaults of variables included)
    Input.field              input object fields written in literals

Sorted and without repeats.  Values passed in variables are not looked into: the gateway does not
keep them.
"""

from __future__ import annotations

from collections.abc import Mapping

from graphql import (
    DocumentNode,
    EnumValueNode,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLSchema,
    ObjectFieldNode,
    OperationDefinitionNode,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    get_named_type,
    visit,
)

from gateway.usage.signature import used_fragments

__all__ = ["schema_coordinates"]


class _Coordinates(Visitor):
    def __init__(self, type_info: TypeInfo) -> None:
        super().__init__()
        self.type_info = type_info
        self.found: set[str] = set()

    def enter_field(self, node: FieldNode, *_: object) -> None:
        name = node.name.value
        parent = self.type_info.get_parent_type()
        if parent is None or name.startswith("__"):
            return
        field = f"{parent.name}.{name}"
        self.found.add(field)
        for argument in node.arguments or ():
            self.found.add(f"{field}({argument.name.value}:)")

    def enter_enum_value(self, node: EnumValueNode, *_: object) -> None:
        named = get_named_type(self.type_info.get_input_type())
        if isinstance(named, GraphQLEnumType):
            self.found.add(f"{named.name}.{node.value}")

    def enter_object_field(self, node: ObjectFieldNode, *_: object) -> None:
        named = get_named_type(self.type_info.get_parent_input_type())
        if isinstance(named, GraphQLInputObjectType):
            self.found.add(f"{named.name}.{node.name.value}")


def schema_coordinates(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
) -> tuple[str, ...]:
    document = DocumentNode(definitions=(operation, *used_fragments(operation, fragments)))
    type_info = TypeInfo(schema)
    collector = _Coordinates(type_info)
    visit(document, TypeInfoVisitor(type_info, collector))
    return tuple(sorted(collector.found))
