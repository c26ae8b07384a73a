"""Composition errors and hints as values, carrying Apollo's codes.

Error tree (nothing is raised across the package boundary)::

    CompositionError(code, message, locations, subgraph)   fatal, composition fails
    Hint(code, message, locations, subgraph)               advisory, composition may succeed
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CompositionError", "Hint", "Location", "subgraph_names"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Location:
    """A position in one subgraph's SDL (1-based, like GraphQL locations)."""

    subgraph: str | None
    line: int
    column: int


@dataclass(frozen=True, slots=True, kw_only=True)
class CompositionError:
    code: str
    message: str
    locations: tuple[Location, ...] = ()
    subgraph: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Hint:
    code: str
    message: str
    locations: tuple[Location, ...] = ()
    subgraph: str | None = None


def subgraph_names(names: list[str] | tuple[str, ...]) -> str:
    """Apollo's human list: `subgraph "a"` or `subgraphs "a", "b" and "c"`."""
    quoted = [f'"{n}"' for n in names]
    if len(quoted) == 1:
        return f"subgraph {quoted[0]}"
    return "subgraphs " + ", ".join(quoted[:-1]) + " and " + quoted[-1]
