"""`@context` / `@fromContext` (Federation 2.8): parsing the `field:` value of @fromContext."""

from __future__ import annotations

import re

from gateway.composition.subgraph.model import InputValue, fed_of

__all__ = ["context_argument", "parse_context"]

_IGNORED = r"(?:[\n\r\t ,]|#[^\n\r]*(?![^\n\r]))*"
_CONTEXT = re.compile(rf"^{_IGNORED}\${_IGNORED}([A-Za-z_]\w*(?!\w))([\s\S]*)$")


def parse_context(value: str) -> tuple[str | None, str | None]:
    """`"$ctx { a b }"` -> (`"ctx"`, `" { a b }"`), as Apollo splits it."""
    match = _CONTEXT.match(value)
    if match is None:
        return None, None
    return match.group(1), match.group(2)


def context_argument(arg: InputValue) -> tuple[str, str] | None:
    """(context name, selection) when the argument is filled by @fromContext."""
    applications = fed_of(arg.directives, "fromContext")
    if not applications:
        return None
    context, selection = parse_context(str(applications[0].value("field") or ""))
    if context is None or selection is None:
        return None
    return context, selection
