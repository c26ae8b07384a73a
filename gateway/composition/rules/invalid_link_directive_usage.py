"""INVALID_LINK_DIRECTIVE_USAGE: a federation `@link` importing something its version lacks."""

from __future__ import annotations

from gateway.composition.errors import CompositionError
from gateway.composition.subgraph.model import Subgraph
from gateway.composition.subgraph.spec_imports import FEDERATION_DIRECTIVES, federation_link_loc

__all__ = ["CODE", "check"]

CODE = "INVALID_LINK_DIRECTIVE_USAGE"
# Importable federation types -> first federation version defining them.
FEDERATION_TYPES = {
    "FieldSet": (2, 0),
    "Scope": (2, 5),
    "Policy": (2, 6),
    "ContextFieldValue": (2, 8),
}


def check(sg: Subgraph) -> list[CompositionError]:
    if sg.fed_version is None:
        return []
    errors = []
    loc = federation_link_loc(sg.schema_directives)
    for name in sg.federation_imports:
        if name.startswith("@"):
            since = FEDERATION_DIRECTIVES.get(name[1:])
        else:
            since = FEDERATION_TYPES.get(name)
        if since is None or since > sg.fed_version:
            errors.append(
                CompositionError(
                    code=CODE,
                    message=f'[{sg.name}] Cannot import unknown element "{name}".',
                    locations=(loc,) if loc else (),
                    subgraph=sg.name,
                )
            )
    return errors
