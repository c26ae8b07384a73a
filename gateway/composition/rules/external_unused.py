"""EXTERNAL_UNUSED: an @external field that no @key, @provides, @requires or interface uses."""

from __future__ import annotations

from gateway.composition.errors import CompositionError
from gateway.composition.subgraph.metadata import Metadata
from gateway.composition.subgraph.model import Kind, Subgraph

__all__ = ["CODE", "check"]

CODE = "EXTERNAL_UNUSED"


def check(subgraph: Subgraph, meta: Metadata) -> list[CompositionError]:
    errors = []
    for t in subgraph.types.values():
        if t.kind not in (Kind.OBJECT, Kind.INTERFACE):
            continue
        for f in t.fields:
            coord = (t.name, f.name)
            if coord in meta.external and coord not in meta.used:
                errors.append(
                    CompositionError(
                        code=CODE,
                        message=f'[{subgraph.name}] Field "{t.name}.{f.name}" is marked '
                        "@external but is not used in any federation directive (@key, "
                        "@provides, @requires) or to satisfy an interface; the field "
                        "declaration has no use and should be removed (or the field should "
                        "not be @external).",
                        locations=(f.loc,) if f.loc else (),
                        subgraph=subgraph.name,
                    )
                )
    return errors
