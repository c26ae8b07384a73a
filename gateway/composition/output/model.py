"""The merged schema under construction: a private, mutable accumulator the merger fills and the
printer reads (it never leaves the package; `compose` returns printed SDL)."""

from __future__ import annotations

from dataclasses import dataclass, field

from gateway.composition.subgraph.model import Kind

__all__ = ["SDirective", "SEnumValue", "SField", "SInputValue", "SType", "SuperSchema"]


@dataclass(slots=True)
class SDirective:
    name: str  # canonical for feature directives (rules look them up by this name)
    args: str = ""  # printed, including parentheses, or ""
    printed_name: str | None = None  # the supergraph's name when a subgraph renamed the import

    def __str__(self) -> str:
        return f"@{self.printed_name or self.name}{self.args}"


@dataclass(slots=True)
class SInputValue:
    name: str
    type: str
    default: str | None = None
    description: str | None = None
    directives: list[SDirective] = field(default_factory=list)


@dataclass(slots=True)
class SField:
    name: str
    type: str = ""
    args: list[SInputValue] = field(default_factory=list)
    description: str | None = None
    directives: list[SDirective] = field(default_factory=list)

    def arg(self, name: str) -> SInputValue | None:
        return next((a for a in self.args if a.name == name), None)


@dataclass(slots=True)
class SEnumValue:
    name: str
    description: str | None = None
    directives: list[SDirective] = field(default_factory=list)


@dataclass(slots=True)
class SType:
    kind: Kind
    name: str
    description: str | None = None
    directives: list[SDirective] = field(default_factory=list)
    fields: dict[str, SField] = field(default_factory=dict)
    input_fields: dict[str, SInputValue] = field(default_factory=dict)
    values: dict[str, SEnumValue] = field(default_factory=dict)
    members: list[str] = field(default_factory=list)
    interfaces: list[str] = field(default_factory=list)


@dataclass(slots=True)
class SuperSchema:
    types: dict[str, SType] = field(default_factory=dict)
    links: list[str] = field(default_factory=list)  # printed @link applications
    directive_defs: dict[str, str] = field(default_factory=dict)  # name -> printed definition
    roots: dict[str, str] = field(default_factory=dict)
    printed_types: dict[str, str] = field(default_factory=dict)  # spec types, already printed
    description: str | None = None

    def implementations(self, interface: str) -> list[SType]:
        return [
            t for t in self.types.values() if t.kind is Kind.OBJECT and interface in t.interfaces
        ]
