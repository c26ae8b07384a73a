"""Printing the merged schema as supergraph SDL, in the layout Apollo's composition emits."""

from __future__ import annotations

from gateway.composition.output.model import SDirective, SField, SInputValue, SType, SuperSchema
from gateway.composition.output.sorting import locale_key
from gateway.composition.subgraph.model import Kind

__all__ = ["print_block_string", "print_directive_definition", "print_supergraph"]

INDENT = "  "


def print_block_string(value: str, prefer_multiple_lines: bool = False) -> str:
    single_line = "\n" not in value
    leading_space = value[:1] in (" ", "\t")
    multiple = not single_line or value.endswith(('"', "\\")) or prefer_multiple_lines
    result = ""
    if multiple and not (single_line and leading_space):
        result += "\n"
    result += value
    if multiple:
        result += "\n"
    return '"""' + result.replace('"""', '\\"""') + '"""'


def _description(text: str | None, indent: str = "", first: bool = True) -> str:
    if text is None:
        return ""
    block = print_block_string(text, len(text) > 70)
    prefix = "\n" + indent if indent and not first else indent
    return prefix + block.replace("\n", "\n" + indent) + "\n"


def _directives(ds: list[SDirective], on_new_lines: bool = False, end_nl: bool = False) -> str:
    if not ds:
        return ""
    if on_new_lines:
        return "\n" + INDENT + ("\n" + INDENT).join(map(str, ds)) + ("\n" if end_nl else "")
    return " " + " ".join(map(str, ds))


def _arg(a: SInputValue) -> str:
    default = f" = {a.default}" if a.default is not None else ""
    return f"{a.name}: {a.type}{default}{_directives(a.directives)}"


def _args(args: list[SInputValue], indent: str) -> str:
    if not args:
        return ""
    if all(not a.description for a in args):
        return "(" + ", ".join(_arg(a) for a in args) + ")"
    lines = [
        _description(a.description, INDENT + indent, i == 0) + INDENT + indent + _arg(a)
        for i, a in enumerate(args)
    ]
    return "(\n" + "\n".join(lines) + "\n" + indent + ")"


def _block(items: list[str]) -> str:
    return "{\n" + "\n".join(items) + "\n}" if items else ""


def _fields(fields: list[SField]) -> str:
    return _block(
        [
            _description(f.description, INDENT, i == 0)
            + INDENT
            + f"{f.name}{_args(f.args, INDENT)}: {f.type}"
            + _directives(f.directives)
            for i, f in enumerate(fields)
        ]
    )


def _input_fields(fields: list[SInputValue]) -> str:
    return _block(
        [
            _description(f.description, INDENT, i == 0) + INDENT + _arg(f)
            for i, f in enumerate(fields)
        ]
    )


def _type(t: SType) -> str:
    head = _description(t.description)
    match t.kind:
        case Kind.SCALAR:
            return head + f"scalar {t.name}" + _directives(t.directives, True)
        case Kind.UNION:
            members = " = " + " | ".join(t.members) if t.members else ""
            return (
                head + f"union {t.name}" + _directives(t.directives, True, bool(members)) + members
            )
        case Kind.ENUM:
            values = [
                _description(v.description, INDENT, i == 0)
                + INDENT
                + v.name
                + _directives(v.directives)
                for i, v in enumerate(t.values.values())
            ]
            sep = " " if not t.directives and values else ""
            return (
                head
                + f"enum {t.name}"
                + _directives(t.directives, True, bool(values))
                + sep
                + _block(values)
            )
        case Kind.INPUT_OBJECT:
            fields = list(t.input_fields.values())
            sep = " " if not t.directives and fields else ""
            return (
                head
                + f"input {t.name}"
                + _directives(t.directives, True, bool(fields))
                + sep
                + _input_fields(fields)
            )
        case Kind.OBJECT | Kind.INTERFACE:
            keyword = "type" if t.kind is Kind.OBJECT else "interface"
            impl = " implements " + " & ".join(t.interfaces) if t.interfaces else ""
            out_fields = list(t.fields.values())
            sep = " " if not t.directives and out_fields else ""
            return (
                head
                + f"{keyword} {t.name}{impl}"
                + _directives(t.directives, True, bool(out_fields))
                + sep
                + _fields(out_fields)
            )


def print_directive_definition(
    name: str,
    args: list[SInputValue],
    repeatable: bool,
    locations: list[str],
    description: str | None = None,
) -> str:
    keyword = " repeatable" if repeatable else ""
    return (
        _description(description)
        + f"directive @{name}{_args(args, '')}{keyword} on {' | '.join(locations)}"
    )


def print_supergraph(schema: SuperSchema) -> str:
    roots = "\n".join(f"{INDENT}{op}: {name}" for op, name in schema.roots.items())
    links = "\n".join(INDENT + link for link in schema.links)
    parts = [_description(schema.description) + f"schema\n{links}\n{{\n{roots}\n}}"]
    parts += [schema.directive_defs[n] for n in sorted(schema.directive_defs, key=locale_key)]
    printed = {name: _type(t) for name, t in schema.types.items()}
    printed.update(schema.printed_types)
    parts += [printed[n] for n in sorted(printed, key=locale_key)]
    return "\n\n".join(parts)
