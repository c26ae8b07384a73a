"""Composition: subgraph SDLs (Federation 1 and 2) to an Apollo-compatible supergraph SDL.

`compose` never raises: it returns `CompositionSuccess` or `CompositionFailure` with coded errors.
"""

from gateway.composition.compose import (
    CompositionFailure,
    CompositionSuccess,
    SubgraphInput,
    compose,
)
from gateway.composition.errors import CompositionError, Hint, Location

__all__ = [
    "CompositionError",
    "CompositionFailure",
    "CompositionSuccess",
    "Hint",
    "Location",
    "SubgraphInput",
    "compose",
]
