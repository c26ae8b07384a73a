"""Mutable selection trees the planner fills while it builds one subgraph operation."""

from __future__ import annotations

from dataclasses import dataclass, field

from graphql import (
    ArgumentNode,
    DirectiveNode,
    ListValueNode,
    ObjectValueNode,
    ValueNode,
    VariableNode,
    print_ast,
)

__all__ = ["FieldSelection", "FragmentSelection", "SelectionTree"]


def _print_all(nodes: tuple[ArgumentNode, ...] | tuple[DirectiveNode, ...]) -> str:
    return " ".join(print_ast(n) for n in nodes)


@dataclass(eq=False)
class FieldSelection:
    """A field in a subgraph operation; `children` is None for leaves."""

    name: str
    alias: str | None
    arguments: tuple[ArgumentNode, ...]
    directives: tuple[DirectiveNode, ...]
    children: SelectionTree | None
    # In a representation: needed only under a condition that may be off (see `RequiresField`).
    optional: bool = False

    @property
    def response_key(self) -> str:
        return self.alias or self.name


@dataclass(eq=False)
class FragmentSelection:
    """An inline fragment (`type_condition` None: a directive-only fragment)."""

    type_condition: str | None
    directives: tuple[DirectiveNode, ...]
    children: SelectionTree


@dataclass(eq=False)
class SelectionTree:
    """Ordered selections; fields are unique by response key, arguments and directives."""

    items: dict[tuple[str, ...], FieldSelection | FragmentSelection] = field(default_factory=dict)

    def find_key(self, response_key: str) -> list[FieldSelection]:
        return [
            item
            for item in self.items.values()
            if isinstance(item, FieldSelection) and item.response_key == response_key
        ]

    def add_field(
        self,
        name: str,
        *,
        alias: str | None = None,
        arguments: tuple[ArgumentNode, ...] = (),
        directives: tuple[DirectiveNode, ...] = (),
        composite: bool = False,
    ) -> FieldSelection:
        """Get or add the field; the caller has checked that its response key is free."""
        if alias == name:
            alias = None
        key = ("f", alias or name, name, _print_all(arguments), _print_all(directives))
        existing = self.items.get(key)
        if isinstance(existing, FieldSelection):
            if composite and existing.children is None:
                existing.children = SelectionTree()
            return existing
        created = FieldSelection(
            name=name,
            alias=alias,
            arguments=arguments,
            directives=directives,
            children=SelectionTree() if composite else None,
        )
        self.items[key] = created
        return created

    def key_conflicts(
        self, response_key: str, name: str, arguments: tuple[ArgumentNode, ...]
    ) -> bool:
        """Whether a field with this response key but another name or arguments is present."""
        printed = _print_all(arguments)
        return any(
            f.name != name or _print_all(f.arguments) != printed
            for f in self.find_key(response_key)
        )

    def add_fragment(
        self, type_condition: str | None, directives: tuple[DirectiveNode, ...] = ()
    ) -> SelectionTree:
        key = ("t", type_condition or "", _print_all(directives))
        existing = self.items.get(key)
        if isinstance(existing, FragmentSelection):
            return existing.children
        created = FragmentSelection(
            type_condition=type_condition, directives=directives, children=SelectionTree()
        )
        self.items[key] = created
        return created.children

    def has_content(self) -> bool:
        """Whether rendering would select anything (empty fragments render to nothing)."""
        return any(
            isinstance(item, FieldSelection) or item.children.has_content()
            for item in self.items.values()
        )

    def render(self, out: list[str], variables: list[str]) -> None:
        """Append the compact text (`{a b:c(x:1){d}}`) and note the variables it uses."""
        out.append("{")
        first = True
        for item in self.items.values():
            if isinstance(item, FieldSelection):
                if not first:
                    out.append(" ")
                first = False
                if item.alias:
                    out.append(item.alias)
                    out.append(":")
                out.append(item.name)
                if item.arguments:
                    out.append("(")
                    out.append(",".join(print_ast(a) for a in item.arguments))
                    out.append(")")
                    for argument in item.arguments:
                        _variables(argument.value, variables)
                _directives(item.directives, out, variables)
                if item.children is not None:
                    if not item.children.has_content():
                        # A composite field whose selections all moved to other fetches
                        # still needs a selection set to be valid GraphQL.
                        item.children.add_field("__typename")
                    item.children.render(out, variables)
            elif item.children.has_content():
                if not first:
                    out.append(" ")
                first = False
                out.append("...")
                if item.type_condition:
                    out.append(" on ")
                    out.append(item.type_condition)
                _directives(item.directives, out, variables)
                item.children.render(out, variables)
        out.append("}")


def _directives(
    directives: tuple[DirectiveNode, ...], out: list[str], variables: list[str]
) -> None:
    for directive in directives:
        out.append(" ")
        out.append(print_ast(directive))
        for argument in directive.arguments or ():
            _variables(argument.value, variables)


def _variables(value: ValueNode, variables: list[str]) -> None:
    if isinstance(value, VariableNode):
        if value.name.value not in variables:
            variables.append(value.name.value)
    elif isinstance(value, ListValueNode):
        for item in value.values:
            _variables(item, variables)
    elif isinstance(value, ObjectValueNode):
        for field in value.fields:
            _variables(field.value, variables)
