"""Printing the supergraph query that cannot be satisfied (Apollo's "witness" operation)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from gateway.composition.output.model import SField, SType, SuperSchema
from gateway.composition.subgraph.model import Kind
from gateway.composition.typeref import base_name, is_list, is_non_null, nullable

__all__ = ["Step", "print_witness"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Step:
    field: SField | None = None
    cast: str | None = None


def _value(schema: SuperSchema, t: str) -> str:
    if is_non_null(t):
        return _value(schema, nullable(t))
    if is_list(t):
        return "[]"
    name = base_name(t)
    scalars = {"Int": "0", "Float": "3.14", "Boolean": "true", "String": '"A string value"'}
    if name in scalars:
        return scalars[name]
    if name == "ID":
        return json.dumps("<any id>")
    target: SType | None = schema.types.get(name)
    if target is not None and target.kind is Kind.ENUM and target.values:
        return next(iter(target.values))
    if target is not None and target.kind is Kind.INPUT_OBJECT:
        parts = [
            f"{f.name}: {_value(schema, f.type)}"
            for f in target.input_fields.values()
            if f.default is None and is_non_null(f.type)
        ]
        return "{" + ", ".join(parts) + "}"
    return json.dumps("<some value>")


def print_witness(schema: SuperSchema, root_op: str, steps: list[Step], last_leaf: bool) -> str:
    lines: list[str] = []
    head = "{" if root_op == "query" else f"{root_op} {{"
    lines.append(head)
    depth = 1
    for step in steps:
        pad = "  " * depth
        if step.cast is not None:
            lines.append(f"{pad}... on {step.cast} {{")
        else:
            assert step.field is not None
            args = ""
            if step.field.args:
                args = (
                    "("
                    + ", ".join(f"{a.name}: {_value(schema, a.type)}" for a in step.field.args)
                    + ")"
                )
            lines.append(f"{pad}{step.field.name}{args} {{")
        depth += 1
    if not last_leaf:
        lines.append("  " * depth + "...")
    else:
        # The failing field is a leaf: it closes on its own line without a block.
        last = lines.pop()
        lines.append(last[: -len(" {")])
        depth -= 1
    while depth > 1:
        depth -= 1
        lines.append("  " * depth + "}")
    lines.append("}")
    return "\n".join(lines)
