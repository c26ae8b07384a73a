"""The normalised form of one subgraph: types, fields, and directive applications (federation
directives under their canonical names)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from graphql import ValueNode, print_ast, value_from_ast_untyped

from gateway.composition.errors import Location

__all__ = [
    "Applied",
    "DirectiveDef",
    "EnumValue",
    "Field",
    "InputValue",
    "Kind",
    "Link",
    "Subgraph",
    "TypeDef",
]


class Kind(StrEnum):
    OBJECT = "ObjectType"
    INTERFACE = "InterfaceType"
    UNION = "UnionType"
    ENUM = "EnumType"
    INPUT_OBJECT = "InputObjectType"
    SCALAR = "ScalarType"


@dataclass(frozen=True, slots=True, kw_only=True)
class Applied:
    """A directive application. Federation directives carry their canonical name (`key`, not a
    renamed import) and `federation=True`; others keep the name written in the subgraph."""

    name: str
    args: tuple[tuple[str, ValueNode], ...] = ()
    federation: bool = False
    on_extension: bool = False
    loc: Location | None = None

    def value(self, arg: str) -> Any:
        for name, node in self.args:
            if name == arg:
                return value_from_ast_untyped(node)
        return None

    def has_arg(self, arg: str) -> bool:
        return any(name == arg for name, _ in self.args)

    def printed_args(self) -> str:
        if not self.args:
            return ""
        return "(" + ", ".join(f"{n}: {print_ast(v)}" for n, v in self.args) + ")"

    def key(self) -> tuple[str, str]:
        return (self.name, self.printed_args())


@dataclass(frozen=True, slots=True, kw_only=True)
class InputValue:
    """An argument or an input object field."""

    name: str
    type: str
    default: ValueNode | None = None
    description: str | None = None
    directives: tuple[Applied, ...] = ()
    loc: Location | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Field:
    name: str
    type: str
    args: tuple[InputValue, ...] = ()
    description: str | None = None
    directives: tuple[Applied, ...] = ()
    on_extension: bool = False
    loc: Location | None = None

    def arg(self, name: str) -> InputValue | None:
        return next((a for a in self.args if a.name == name), None)


@dataclass(frozen=True, slots=True, kw_only=True)
class EnumValue:
    name: str
    description: str | None = None
    directives: tuple[Applied, ...] = ()
    loc: Location | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TypeDef:
    kind: Kind
    name: str
    description: str | None = None
    directives: tuple[Applied, ...] = ()
    fields: tuple[Field, ...] = ()
    input_fields: tuple[InputValue, ...] = ()
    values: tuple[EnumValue, ...] = ()
    members: tuple[str, ...] = ()
    interfaces: tuple[str, ...] = ()
    has_definition: bool = True
    has_extension: bool = False
    loc: Location | None = None

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    def input_field(self, name: str) -> InputValue | None:
        return next((f for f in self.input_fields if f.name == name), None)

    def value(self, name: str) -> EnumValue | None:
        return next((v for v in self.values if v.name == name), None)


@dataclass(frozen=True, slots=True, kw_only=True)
class DirectiveDef:
    name: str
    args: tuple[InputValue, ...] = ()
    repeatable: bool = False
    locations: tuple[str, ...] = ()
    description: str | None = None
    loc: Location | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Link:
    """An `@link` to a spec other than federation or link (candidates for @composeDirective)."""

    url: str
    name: str
    version: str
    alias: str | None
    imports: tuple[tuple[str, str], ...]  # (name in spec, name in subgraph), without "@"


@dataclass(frozen=True, slots=True, kw_only=True)
class Subgraph:
    name: str
    url: str
    fed_version: tuple[int, int] | None  # None for a Federation 1 subgraph
    types: dict[str, TypeDef] = field(default_factory=dict)
    directive_defs: dict[str, DirectiveDef] = field(default_factory=dict)
    links: tuple[Link, ...] = ()
    compose_directives: tuple[str, ...] = ()  # names in the subgraph, without "@"
    schema_directives: tuple[Applied, ...] = ()
    schema_description: str | None = None
    # Federation directives the SDL defines explicitly, canonical names in document order.
    defined_federation: tuple[str, ...] = ()
    # Federation directives imported under another name: canonical -> local name.
    renamed_imports: dict[str, str] = field(default_factory=dict)
    federation_imports: tuple[str, ...] = ()  # spec names imported by the federation @link

    @property
    def is_fed2(self) -> bool:
        return self.fed_version is not None


def has_fed(directives: tuple[Applied, ...], name: str) -> bool:
    return any(d.federation and d.name == name for d in directives)


def fed_of(directives: tuple[Applied, ...], name: str) -> tuple[Applied, ...]:
    return tuple(d for d in directives if d.federation and d.name == name)
